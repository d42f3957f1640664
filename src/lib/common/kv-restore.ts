/**
 * Rolling a KV v2 secret back: version N is read and written again as the new current version,
 * with check-and-set on the version that was current when the restore looked, so a write made in
 * between is never overwritten unseen. Built on the public KV service (access mode, path prefix,
 * discovery, cache invalidation across workers apply unchanged).
 */
import { assertCanRead, assertCanWrite } from '../vault/access';
import { VaultError, isVaultError, retell, vaultSaid } from '../vault/errors';
import type { KvLocation, KvVersionInfo, MarkerStore, VaultClient } from '../vault/types';

export interface Restored {
  /** The new current version (the current one, unchanged, when version N already was it). */
  version: number;
  restoredFrom: number;
  /** False when version N was already the current version: nothing was written. */
  changed: boolean;
  location: KvLocation;
}

function refusal(client: VaultClient, kind: VaultError['kind'], summary: string, hint: string): VaultError {
  return new VaultError({ kind, summary, hint, address: client.config.url, namespace: client.config.namespace });
}

/** Why version `n` cannot be restored as it stands, or undefined when it can. */
function unusable(client: VaultClient, where: string, n: number, info: KvVersionInfo | undefined, current: number): VaultError | undefined {
  if (!info) {
    return refusal(
      client,
      'not_found',
      `Version ${n} of ${where} does not exist (the current version is ${current})`,
      'Vault keeps only the last max_versions versions (10 by default): read the secret\'s metadata (get_secret_metadata) to see which exist.',
    );
  }
  if (info.destroyed) {
    return refusal(client, 'not_found', `Version ${n} of ${where} was destroyed: its data is gone`, 'A destroyed version cannot be read again by anyone. Restore another version.');
  }
  if (info.deletion_time && Date.parse(info.deletion_time) <= Date.now()) {
    return refusal(
      client,
      'not_found',
      `Version ${n} of ${where} was deleted at ${info.deletion_time} (a soft delete): undelete it first`,
      `Run delete_secret with mode "undelete" and version ${n}, then restore it.`,
    );
  }
  return undefined;
}

export async function restoreVersion(client: VaultClient, path: string, n: number, store?: MarkerStore): Promise<Restored> {
  // Both checks before any request: a read-only connection may not write it back, a write-only one may not read it.
  assertCanRead(client, path);
  assertCanWrite(client, path);
  const location = await client.kv.locate(path);
  const where = `${location.mount}${location.path}`;
  if (location.kvVersion !== 2) {
    throw refusal(
      client,
      'bad_request',
      `${where} is on a KV version 1 mount ("${location.mount}"), which keeps no versions: there is nothing to restore`,
      'Only KV version 2 mounts keep earlier versions.',
    );
  }
  const metadata = await client.kv.readMetadata(path);
  const current = metadata.current_version;
  const problem = unusable(client, where, n, metadata.versions[String(n)], current);
  if (problem) throw problem;
  if (n === current) return { version: current, restoredFrom: n, changed: false, location };
  // Fresh from Vault: a cached copy could outlive a destroy.
  const old = await client.kv.read(path, { version: n, bypassCache: true });
  try {
    const written = await client.kv.write(path, old.data, { mode: 'replace', cas: current, store });
    return { version: written?.version ?? current + 1, restoredFrom: n, changed: true, location };
  } catch (e) {
    if (!isVaultError(e) || e.kind !== 'bad_request' || !vaultSaid(e, 'check-and-set')) throw e;
    throw retell(e, {
      kind: 'bad_request',
      summary: `Nothing was restored: ${where} changed while version ${n} was being restored (version ${current} was current when the restore began)`,
      hint: `Someone wrote a newer version in the meantime, and check-and-set kept it. Look at it; run the step again to restore version ${n} over it.`,
    });
  }
}

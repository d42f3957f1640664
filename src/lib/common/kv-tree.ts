/**
 * Every secret under a KV folder, read the only way Vault allows (it has no bulk read): one LIST per
 * folder, breadth first, then one read per secret through the value cache, a few at a time. Built
 * on the public KV service, so access mode, path prefix, discovery and caching apply unchanged.
 */
import { forEachLimited } from './for-each-limited';
import { assertCanRead } from '../vault/access';
import { isVaultError } from '../vault/errors';
import type { KvLocation, VaultClient } from '../vault/types';

/** Requests in flight at once, for the listings and for the reads. */
export const TREE_CONCURRENCY = 8;

export interface SecretTree {
  /** Each secret's key/values, by its path relative to the folder (`db`, `team/api`). */
  secrets: Record<string, Record<string, unknown>>;
  count: number;
  /** More secrets exist under the folder than were read. */
  truncated: boolean;
  /** Secrets listed but not readable as they stand: latest version deleted or destroyed (KV v2), or gone since the listing. */
  skipped: Array<{ path: string; reason: string }>;
  location: KvLocation;
}

/** `mount/path/` + relative part: the form the KV service takes, whatever form the user wrote. */
function under(loc: KvLocation, relative: string): string {
  return `${loc.mount}${loc.path ? `${loc.path}/` : ''}${relative}`;
}

/**
 * Lists breadth first until more than `max` secrets are known or no folder is left; a folder left
 * unlisted when `max` secrets are known means more exist (a KV folder exists only while it holds a secret).
 */
async function collectPaths(client: VaultClient, loc: KvLocation, max: number): Promise<{ paths: string[]; truncated: boolean }> {
  const paths: string[] = [];
  let folders: string[] = [''];
  while (folders.length > 0) {
    const next: string[] = [];
    for (let start = 0; start < folders.length; start += TREE_CONCURRENCY) {
      if (paths.length >= max) return { paths: paths.slice(0, max), truncated: true };
      const batch = folders.slice(start, start + TREE_CONCURRENCY);
      const listings: string[][] = new Array(batch.length);
      await forEachLimited(
        batch.map((_, i) => i),
        TREE_CONCURRENCY,
        async (i) => {
          listings[i] = (await client.kv.list(under(loc, batch[i]))).keys;
        },
      );
      batch.forEach((folder, i) => {
        for (const key of listings[i]) (key.endsWith('/') ? next : paths).push(`${folder}${key}`);
      });
    }
    folders = next;
  }
  return { paths: paths.slice(0, max), truncated: paths.length > max };
}

export async function readSecretTree(client: VaultClient, path: string, max: number): Promise<SecretTree> {
  // Refused on a write-only connection (or outside the prefix) before discovery sends anything.
  assertCanRead(client, path);
  const loc = await client.kv.locate(path);
  const { paths, truncated } = await collectPaths(client, loc, max);
  const results = new Map<string, { data: Record<string, unknown> } | { reason: string }>();
  await forEachLimited(paths, TREE_CONCURRENCY, async (relative) => {
    try {
      results.set(relative, { data: (await client.kv.read(under(loc, relative))).data });
    } catch (e) {
      if (!isVaultError(e) || e.kind !== 'not_found') throw e;
      results.set(relative, { reason: e.summary });
    }
  });
  // In listing order, whatever order the reads finished in; fromEntries makes even `__proto__` a plain key.
  const read: Array<[string, Record<string, unknown>]> = [];
  const skipped: SecretTree['skipped'] = [];
  for (const relative of paths) {
    const result = results.get(relative)!;
    if ('data' in result) read.push([relative, result.data]);
    else skipped.push({ path: relative, reason: result.reason });
  }
  return { secrets: Object.fromEntries(read), count: read.length, truncated, skipped, location: loc };
}

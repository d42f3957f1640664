import { VaultError, cleanVaultMessages } from '../errors';
import type { KvLocation, VaultConnectionConfig, VaultErrorKind } from '../types';

/** Human description of a KV location: `secret/app/db (KV v2 mount "secret/")`. */
export function describeLocation(loc: KvLocation): string {
  const how = loc.discoveredBy === 'ui-mounts' ? '' : loc.discoveredBy === 'connection-setting' ? ', version from the connection setting' : ', version probed';
  return `${loc.mount}${loc.path} (KV v${loc.kvVersion} mount "${loc.mount}"${how})`;
}

export interface KvErrorInit {
  kind: VaultErrorKind;
  summary: string;
  hint: string;
  config: VaultConnectionConfig;
  method?: string;
  /** The request path that was tried (below /v1/). */
  triedPath?: string;
  status?: number;
  /** Vault's raw `errors` (cleaned here; they never contain written values). */
  errors?: unknown;
  warnings?: readonly string[];
}

export function kvError(init: KvErrorInit): VaultError {
  return new VaultError({
    kind: init.kind,
    summary: init.summary,
    hint: init.hint,
    status: init.status,
    errors: cleanVaultMessages(init.errors),
    method: init.method,
    path: init.triedPath,
    address: init.config.url,
    namespace: init.config.namespace,
    warnings: init.warnings,
  });
}

/** A create-only write found a secret already there (KV v1 by reading first, KV v2 by check-and-set 0). */
export function secretExistsError(loc: KvLocation, config: VaultConnectionConfig, tried?: Pick<KvErrorInit, 'method' | 'triedPath' | 'status' | 'errors'>): VaultError {
  return kvError({
    kind: 'bad_request',
    summary: `A secret already exists at ${describeLocation(loc)}`,
    hint: 'Use the "merge" or "replace" write mode to change it, or choose another path.',
    config,
    ...tried,
  });
}

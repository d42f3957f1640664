import type { KvLocation, KvVersion } from '../vault/types';

/**
 * Which mount and KV engine version (1 or 2) a read used, and how that was learned: `ui-mounts`
 * (Vault said so), `connection-setting` (discovery refused, the connection's KV version) or
 * `probe` (discovery refused and no setting: the v2 layout was tried, then v1). Named `engine*`
 * so the data picker never shows it as a second `version` beside the secret's own.
 */
export function kvUsed(location: KvLocation): { mount: string; engineVersion: KvVersion; engineVersionFrom: KvLocation['discoveredBy'] } {
  return { mount: location.mount, engineVersion: location.kvVersion, engineVersionFrom: location.discoveredBy };
}

import type { KvLocation, KvVersion } from '../../vault/types';

/**
 * Which mount and KV version a read used, and how the version was learned: `ui-mounts` (Vault
 * said so), `connection-setting` (discovery refused, the connection's KV version) or `probe`
 * (discovery refused and no setting: the v2 layout was tried, then v1).
 */
export function kvUsed(location: KvLocation): { mount: string; version: KvVersion; versionFrom: KvLocation['discoveredBy'] } {
  return { mount: location.mount, version: location.kvVersion, versionFrom: location.discoveredBy };
}

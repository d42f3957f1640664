/**
 * `sys/mounts/<m>/tune {options: {version: 2}}` on a KV v1 mount: every key becomes version 1 of a
 * KV v2 secret. Vault migrates in the background and answers 400 "Upgrading from non-versioned to
 * versioned data..." meanwhile; the window grows with the number of keys (Vault 1.8 took ~250 ms for
 * 4,000 in memory, recorded), measured on the server clock.
 */
import { KvV1Backend } from './kv-v1';
import { KvV2Backend } from './kv-v2';

const UPGRADE_MS_PER_KEY = 0.0625;

/** `now` reads the server clock: the window opens when the tune call returns, as Vault's does. */
export function upgradeToV2(v1: KvV1Backend, now: () => number): KvV2Backend {
  const nowMs = now();
  const v2 = new KvV2Backend();
  let keys = 0;
  for (const [path, data] of v1.entries()) {
    v2.importUnversioned(path, data, nowMs);
    keys++;
  }
  // Whole milliseconds: the clock reads whole milliseconds, so a fractional window (one key: 0.06 ms)
  // would refuse a request sent in the same millisecond as the tune and let one a tick later through.
  v2.unavailableUntilMs = now() + Math.floor(keys * UPGRADE_MS_PER_KEY);
  return v2;
}

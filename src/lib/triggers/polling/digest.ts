/**
 * One-way, per-trigger salted digests of KV v1 data (which has no versions), so a poll can tell
 * that a secret changed without storing its values. The salt is random per trigger, so equal
 * secrets watched by two triggers give digests that cannot be compared.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../vault/json-walk';

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

export function digest(salt: string, ...parts: string[]): string {
  const hash = createHash('sha256').update(salt);
  for (const part of parts) hash.update('\u0000').update(part);
  return hash.digest('base64url');
}

export interface DataDigest {
  /** The whole secret. */
  all: string;
  /** digest(key name) -> digest(key name, value): tells which keys changed, names no key. */
  keys: Record<string, string>;
}

export function digestData(salt: string, data: Record<string, unknown>): DataDigest {
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) keys[digest(salt, 'k', k)] = digest(salt, 'v', k, canonicalJson(v));
  return { all: digest(salt, 'all', canonicalJson(data)), keys };
}

/** Names of the current keys that are new or whose value changed since `previous`. */
export function changedKeysSince(salt: string, data: Record<string, unknown>, previous: DataDigest['keys'] | undefined): string[] {
  return Object.keys(data)
    .filter((k) => previous?.[digest(salt, 'k', k)] !== digest(salt, 'v', k, canonicalJson(data[k])))
    .sort();
}

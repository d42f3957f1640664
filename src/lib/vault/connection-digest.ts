import { createHash } from 'node:crypto';
import type { VaultConnectionConfig } from './types';

/** JSON with object keys sorted (undefined members left out), so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * One-way identity of a connection: sha256 over every setting (address, namespace, auth method,
 * mounts, credentials, TLS material, prefix, access mode, KV version, cache TTL, timeouts...).
 * Two connections that differ in anything get different clients, tokens and caches; the raw
 * credentials are never used as a key anywhere.
 */
export function connectionDigest(config: VaultConnectionConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

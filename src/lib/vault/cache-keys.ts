/**
 * Every key under which the piece keeps something about a connection, in one place: which client
 * a connection gets, where a secret's value is cached, which cached entries a cleared path drops,
 * and the store key other engine workers read invalidation markers from. None holds a secret: the
 * connection and the Vault address only enter through one-way digests.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './json-walk';
import type { VaultConnectionConfig } from './types';

/** JSON with object keys sorted (undefined members left out), so equal values always give equal text. */
export { canonicalJson } from './json-walk';

/**
 * Which client a connection gets: sha256 over every setting (address, namespace, login method and
 * its fields, TLS material, prefix, access mode, KV version, cache TTL, timeouts...). Two
 * connections that differ in anything get different clients, tokens and caches.
 */
export function connectionDigest(config: VaultConnectionConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

/** Cache key of one secret version: namespace, mount + path, version ('latest' when none). */
export function secretCacheKey(namespace: string | undefined, canonicalPath: string, version?: number): string {
  return `${secretCachePrefix(namespace, canonicalPath)}|${version ?? 'latest'}`;
}

/** Key prefix of every cached version of exactly this secret (not its namesakes: `db` vs `db2`). */
export function exactSecretPrefix(namespace: string | undefined, canonicalPath: string): string {
  return `${secretCachePrefix(namespace, canonicalPath)}|`;
}

/** Key prefix for everything under a mount-included path prefix ('' = the whole namespace). */
export function secretCachePrefix(namespace: string | undefined, pathPrefix: string): string {
  return `${namespace ?? ''}::${pathPrefix}`;
}

/**
 * The path forms a cleared prefix stands for: as written, plus `secret/data/x` -> `secret/x` (the
 * KV v2 API form of a folder). Dropping the second form on a v1 mount only costs a refetch.
 */
export function clearedPathForms(prefix: string): string[] {
  const clean = prefix.replace(/^\/+/, '');
  const forms = [clean];
  const m = /^(.*?\/)(data|metadata)(\/.*|)$/s.exec(clean); // `s`: a newline cannot make `.*` backtrack
  if (m) forms.push(m[1] + m[3].replace(/^\//, ''));
  return forms;
}

/**
 * What an invalidation marker is shared by: one Vault (address) and namespace, whatever the
 * credentials. A secret rotated and cleared through one connection is then refreshed in every
 * connection to that Vault, in every worker.
 */
export function invalidationScopeDigest(config: { url: string; namespace?: string }): string {
  return createHash('sha256').update(`vault-cache-scope\n${config.url}\n${config.namespace ?? ''}`).digest('hex');
}

/** The store key of a scope's marker. */
export function invalidationMarkerKey(scopeDigest: string): string {
  return `vault-cache-generation:${scopeDigest.slice(0, 16)}`;
}

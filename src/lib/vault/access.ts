import { connectionRefusal } from './kv/kv-errors';
import type { HttpMethod, VaultConnectionConfig } from './types';

type WithConfig = { readonly config: VaultConnectionConfig };

/** Segments Vault's KV v2 API inserts after the mount; a path written with one is still "in" the prefix. */
const KV2_API_SEGMENTS = new Set(['data', 'metadata', 'delete', 'undelete', 'destroy', 'subkeys']);

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** True when `path` (mount included) lies inside `prefix` (`mount/folder/`); no prefix = anywhere. */
export function isWithinPrefix(prefix: string | undefined, path: string): boolean {
  if (!prefix) return true;
  const wanted = trimSlashes(prefix);
  if (wanted === '') return true;
  const p = trimSlashes(path);
  return p === wanted || p.startsWith(`${wanted}/`);
}

/**
 * The path as written, plus the same path with one KV v2 API segment removed (`secret/data/x` ->
 * `secret/x`): lets a raw API path through when its secret is inside the prefix. Paths with `..`
 * never get here (`paths.ts` refuses them).
 */
function pathVariants(path: string): string[] {
  const segments = trimSlashes(path).split('/');
  const variants = [segments.join('/')];
  for (let i = 1; i < segments.length; i++) {
    if (KV2_API_SEGMENTS.has(segments[i])) variants.push([...segments.slice(0, i), ...segments.slice(i + 1)].join('/'));
  }
  return variants;
}

/** Refuses a path outside the connection's path prefix (no access-mode check). */
export function assertInsidePrefix(client: WithConfig, path: string, raw = true): void {
  const { pathPrefix } = client.config;
  if (!pathPrefix) return;
  const inside = raw ? pathVariants(path).some((p) => isWithinPrefix(pathPrefix, p)) : isWithinPrefix(pathPrefix, path);
  if (!inside) {
    throw connectionRefusal(
      client.config,
      path,
      `the path is outside this connection's path prefix "${pathPrefix}". Use a path under that prefix, or a connection without the prefix.`,
    );
  }
}

/**
 * Refuses (before any request) a read on a write-only connection or outside the path prefix.
 * `raw`: the path may contain KV v2 API segments (`data/`, `metadata/`...) and is checked leniently;
 * call again with the resolved location for the exact check.
 */
export function assertCanRead(client: WithConfig, path: string, opts: { raw?: boolean } = {}): void {
  if (client.config.accessMode === 'write_only') {
    throw connectionRefusal(client.config, path, 'this connection is write-only: reading is disabled. Use a connection whose access mode allows reading.');
  }
  assertInsidePrefix(client, path, opts.raw ?? true);
}

/** Refuses (before any request) a write, delete, token or policy operation on a read-only connection or outside the prefix. */
export function assertCanWrite(client: WithConfig, path: string, opts: { raw?: boolean } = {}): void {
  if (client.config.accessMode === 'read_only') {
    throw connectionRefusal(
      client.config,
      path,
      'this connection is read-only: writes, deletes, token and policy changes are disabled. Use a connection whose access mode allows writing.',
    );
  }
  assertInsidePrefix(client, path, opts.raw ?? true);
}

/** `client.request`: GET and LIST are reads, every other method changes something unless it says `access: 'read'`. */
export function assertCanSend(client: WithConfig, method: HttpMethod, path: string, access?: 'read' | 'write'): void {
  const reads = access ? access === 'read' : method === 'GET' || method === 'LIST';
  if (reads) assertCanRead(client, path);
  else assertCanWrite(client, path);
}

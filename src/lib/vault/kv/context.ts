import { isMissing } from '../http-errors';
import { encodePath, mountSegments } from '../paths';
import { listSchema } from './schemas';
import type { KvLocation, VaultConnectionConfig, VaultRequest, VaultResponse } from '../types';

/** Sends a request with the client's token (login, renewal and 403-relogin handled by the session). */
export type SendFn = <T = unknown>(req: Omit<VaultRequest<T>, 'token'>) => Promise<VaultResponse<T>>;

export interface KvContext {
  readonly config: VaultConnectionConfig;
  readonly send: SendFn;
}

/**
 * The encoded API path for an operation on a location: `secret/data/app/db` (v2, op `data`),
 * `kv1/app/db` (v1, no op). `folder` adds the trailing slash a listing uses.
 */
export function apiPath(loc: KvLocation, op?: string, opts: { folder?: boolean } = NO_OPTS): string {
  // Memoised (a pure function of its inputs, on every read's path): operation -> mount -> path,
  // so a lookup hashes the location's own strings and builds no key.
  const group = opts.folder ? `${op ?? ''}/` : (op ?? '');
  let mounts = apiPaths.get(group);
  if (!mounts) apiPaths.set(group, (mounts = new Map()));
  let paths = mounts.get(loc.mount);
  if (!paths) {
    if (mounts.size >= MAX_API_PATHS) mounts.clear();
    mounts.set(loc.mount, (paths = new Map()));
  }
  let path = paths.get(loc.path);
  if (path === undefined) {
    const segments = [...mountSegments(loc.mount), ...(op ? [op] : []), ...loc.path.split('/').filter((s) => s !== '')];
    path = encodePath(segments) + (opts.folder ? '/' : '');
    if (paths.size >= MAX_API_PATHS) paths.clear();
    paths.set(loc.path, path);
  }
  return path;
}

const NO_OPTS: { folder?: boolean } = Object.freeze({});
const MAX_API_PATHS = 4_096;
const apiPaths = new Map<string, Map<string, Map<string, string>>>();

/** One folder level of a KV listing (`GET ...?list=true`); a folder that does not exist is empty. */
export async function listFolder(send: SendFn, path: string): Promise<string[]> {
  try {
    return (await send({ method: 'GET', path, query: { list: 'true' }, schema: listSchema })).body.data.keys;
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

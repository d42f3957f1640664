import type { Ctx } from '../types';
import { badRequest, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { mountJson, mountListing } from './mount-json';
import { normalizeMountPath } from '../state/mount-table';
import { tuneMount } from './tune';

const PROTECTED = new Set(['sys/', 'identity/', 'cubbyhole/']);

/** sys/mounts and sys/mounts/<path>[/tune]. */
export function mounts(ctx: Ctx, rest: string): Result {
  const { ns, core } = ctx;
  if (rest === '') {
    if (ctx.method !== 'GET') return unsupported();
    return ok(mountListing(ns.mounts.all()));
  }
  if (rest.endsWith('/tune')) return tune(ctx, rest.slice(0, -5));
  const path = normalizeMountPath(rest);
  switch (ctx.method) {
    case 'POST':
    case 'PUT': {
      const type = ctx.body.type;
      if (typeof type !== 'string' || !type) return badRequest('backend type must be specified as a string');
      const options = (ctx.body.options ?? null) as Record<string, unknown> | null;
      const strOptions = options ? Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])) : null;
      try {
        core.enableSecrets(ns, path, type, strOptions, typeof ctx.body.description === 'string' ? ctx.body.description : '');
      } catch (e) {
        return badRequest((e as Error).message);
      }
      return noContent();
    }
    case 'DELETE':
      if (PROTECTED.has(path)) return badRequest(`cannot unmount "${path}"`);
      ns.mounts.remove(path);
      return noContent();
    case 'GET': {
      const m = ns.mounts.get(path);
      return m ? ok(mountJson(m)) : notFound();
    }
    default:
      return unsupported();
  }
}

function tune(ctx: Ctx, mountPath: string): Result {
  const m = ctx.ns.mounts.get(mountPath);
  if (!m) return badRequest(`cannot fetch sysview for path "${normalizeMountPath(mountPath)}"`);
  return tuneMount(ctx, m, false);
}

/** sys/auth and sys/auth/<path>. */
export function authMounts(ctx: Ctx, rest: string): Result {
  const { ns, core } = ctx;
  if (rest === '') {
    if (ctx.method !== 'GET') return unsupported();
    return ok(mountListing(ns.authMounts.all()));
  }
  if (rest.endsWith('/tune')) {
    const m = ns.authMounts.get(rest.slice(0, -5));
    if (!m) return badRequest(`cannot fetch sysview for path "auth/${normalizeMountPath(rest.slice(0, -5))}"`);
    return tuneMount(ctx, m, true);
  }
  const path = normalizeMountPath(rest);
  switch (ctx.method) {
    case 'POST':
    case 'PUT': {
      const type = ctx.body.type;
      if (typeof type !== 'string' || !type) return badRequest('backend type must be specified as a string');
      try {
        core.enableAuth(ns, path, type, typeof ctx.body.description === 'string' ? ctx.body.description : '');
      } catch (e) {
        return badRequest((e as Error).message);
      }
      return noContent();
    }
    case 'DELETE':
      if (path === 'token/') return badRequest('token credential backend cannot be disabled');
      ns.authMounts.remove(path);
      return noContent();
    case 'GET': {
      const m = ns.authMounts.get(path);
      return m ? ok(mountJson(m)) : notFound();
    }
    default:
      return unsupported();
  }
}

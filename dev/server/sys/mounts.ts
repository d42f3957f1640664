import type { Ctx } from '../types';
import { badRequest, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { mountJson, mountListing } from './mount-json';
import { normalizeMountPath } from '../state/mount-table';
import { SYSTEM_MAX_TTL } from '../core';

const PROTECTED = new Set(['sys/', 'identity/', 'cubbyhole/']);

/** sys/mounts and sys/mounts/<path>[/tune]. */
export function mounts(ctx: Ctx, rest: string): Result {
  const { ns, core } = ctx;
  if (rest === '') {
    if (ctx.method !== 'GET') return unsupported();
    const listing = mountListing(ns.mounts.all());
    // Vault repeats the listing at the top level for old clients.
    return { status: 200, body: { ...listing, ...(ok(listing).body as object) } };
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
  if (ctx.method === 'GET') {
    return ok({
      default_lease_ttl: SYSTEM_MAX_TTL,
      max_lease_ttl: SYSTEM_MAX_TTL,
      force_no_cache: false,
      description: m.description,
      options: m.options,
    });
  }
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const opts = ctx.body.options as Record<string, unknown> | undefined;
  if (opts?.version !== undefined && m.type === 'kv') {
    const next = String(opts.version);
    if (m.options?.version === '2' && next === '1') return badRequest('cannot downgrade mount from versioned to non-versioned');
    if (next === '2' && m.options?.version !== '2') {
      ctx.ns.mounts.remove(m.path);
      ctx.core.enableSecrets(ctx.ns, m.path, 'kv', { version: '2' }, m.description);
    }
  }
  if (typeof ctx.body.description === 'string') m.description = ctx.body.description;
  return noContent();
}

/** sys/auth and sys/auth/<path>. */
export function authMounts(ctx: Ctx, rest: string): Result {
  const { ns, core } = ctx;
  if (rest === '') {
    if (ctx.method !== 'GET') return unsupported();
    const listing = mountListing(ns.authMounts.all());
    return { status: 200, body: { ...listing, ...(ok(listing).body as object) } };
  }
  if (rest.endsWith('/tune')) {
    const m = ns.authMounts.get(rest.slice(0, -5));
    if (!m) return badRequest(`cannot fetch sysview for path "auth/${normalizeMountPath(rest.slice(0, -5))}"`);
    return ctx.method === 'GET'
      ? ok({ default_lease_ttl: SYSTEM_MAX_TTL, max_lease_ttl: SYSTEM_MAX_TTL, force_no_cache: false, token_type: 'default-service', description: m.description, options: m.options })
      : noContent();
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

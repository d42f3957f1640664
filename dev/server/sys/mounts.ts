import type { Ctx } from '../types';
import { badRequest, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { mountJson, mountListing } from './mount-json';
import { normalizeMountPath } from '../state/mount-table';
import { SYSTEM_MAX_TTL } from '../core';
import { KvV1Backend } from '../engines/kv-v1';
import { upgradeToV2 } from '../engines/kv-upgrade';

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
  const warnings: string[] = [];
  if (opts?.version !== undefined && m.type === 'kv') {
    const from = Number(m.options?.version ?? 0) || 0;
    const to = Number(opts.version);
    if (!Number.isInteger(to)) return badRequest(`unable to parse options.version: ${String(opts.version)}`);
    if (to < from) return badRequest('cannot downgrade mount from versioned to non-versioned');
    if (to !== from) {
      if (to === 2 && m.backend instanceof KvV1Backend) m.backend = upgradeToV2(m.backend, () => ctx.core.clock.nowMs());
      m.options = { ...(m.options ?? {}), version: String(to) };
      // vault/logical_system.go handleTuneWriteCommon
      warnings.push(`Upgrading mount from version ${from} to version ${to}. This mount will be unavailable for a brief period and will resume service shortly.`);
    }
  }
  if (typeof ctx.body.description === 'string') m.description = ctx.body.description;
  return warnings.length ? ok(null, { warnings }) : noContent();
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

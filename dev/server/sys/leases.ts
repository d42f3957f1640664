import { createHash } from 'node:crypto';
import type { Ctx } from '../types';
import type { Lease } from '../state/leases';
import { vaultTime } from '../util/clock';
import { durationField } from '../util/durations';
import { calculateTtl, mountTtls } from '../util/lease-ttl';
import { aclDenied, badRequest, childKeys, listResult, noContent, noRoute, ok, unsupported, type Result } from '../util/respond';
import { trimTrailingSlashes } from '../util/slashes';

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/** The lease id from the body, or from the URL (`sys/leases/renew/<id>`) as Vault's url_lease_id. */
function leaseIdOf(ctx: Ctx, fromUrl: string): string {
  const id = ctx.body.lease_id;
  return typeof id === 'string' && id !== '' ? id : fromUrl;
}

/** Vault's root paths (`leases/lookup/*`, `leases/revoke-prefix/*`...) need sudo on top of the path's capability. */
function hasSudo(ctx: Ctx): boolean {
  const token = ctx.token;
  if (!token) return false;
  const tokenNs = ctx.core.findNamespace(token.nsPath);
  if (!tokenNs) return false;
  return tokenNs.acl(token.policies).allows(ctx.ns.path.slice(tokenNs.path.length) + ctx.path.replace(/\/$/, '') + (ctx.method === 'LIST' ? '/' : ''), 'sudo');
}

function sweep(ctx: Ctx): void {
  ctx.core.leases.sweep(ctx.core);
}

function find(ctx: Ctx, id: string): Lease | undefined {
  return ctx.core.leases.get(id, ctx.ns.path);
}

/** PUT sys/leases/lookup {lease_id} (vault/logical_system.go handleLeaseLookup). */
function lookup(ctx: Ctx): Result {
  if (!isWrite(ctx)) return unsupported();
  const id = leaseIdOf(ctx, '');
  if (!id) return badRequest('lease_id must be specified');
  sweep(ctx);
  const lease = find(ctx, id);
  if (!lease) return badRequest('invalid lease');
  const now = ctx.core.clock.nowMs();
  return ok({
    id: lease.id,
    issue_time: vaultTime(lease.issueMs),
    expire_time: vaultTime(lease.expireMs),
    last_renewal: lease.lastRenewalMs ? vaultTime(lease.lastRenewalMs) : null,
    renewable: lease.owner.renew !== undefined,
    // leaseEntry.ttl(): expire time minus now rounded to the second.
    ttl: Math.floor((lease.expireMs - Math.round(now / 1000) * 1000) / 1000),
  });
}

/** LIST sys/leases/lookup/<prefix>: a sudo path in Vault. */
function lookupList(ctx: Ctx, prefix: string): Result {
  if (ctx.method !== 'LIST') return unsupported();
  if (!hasSudo(ctx)) return aclDenied();
  sweep(ctx);
  const p = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return listResult(childKeys([...ctx.core.leases.all(ctx.ns.path).map((l) => l.id), ...tokenLeaseIds(ctx)], p));
}

/**
 * Tokens are leases too (vault/expiration.go RegisterAuth): `<token path>/<salted token id>`, e.g.
 * auth/token/create/h3f5..., for every service token but sys/init's root token, which has none.
 */
function tokenLeaseIds(ctx: Ctx): string[] {
  const now = ctx.core.clock.nowMs();
  const ids: string[] = [];
  for (const t of ctx.core.tokens.all()) {
    if (t.nsPath !== ctx.ns.path || t.type !== 'service' || t.noLease || !ctx.core.tokens.get(t.id, now)) continue;
    ids.push(`${trimTrailingSlashes(t.path)}/h${createHash('sha256').update(t.id).digest('hex')}`);
  }
  return ids;
}

/** Vault's ExpirationManager.Renew: the engine's TTLs, then CalculateTTL from the lease's issue time. */
function renew(ctx: Ctx, fromUrl: string): Result {
  if (!isWrite(ctx)) return unsupported();
  const id = leaseIdOf(ctx, fromUrl);
  if (!id) return badRequest('lease_id must be specified');
  const increment = durationField(ctx.body, 'increment') ?? 0;
  sweep(ctx);
  const lease = find(ctx, id);
  if (!lease) return badRequest('lease not found');
  if (!lease.owner.renew) return badRequest('lease is not renewable');
  const fromEngine = lease.owner.renew(lease);
  if (typeof fromEngine === 'string') return badRequest(fromEngine);
  const now = ctx.core.clock.nowMs();
  const granted = calculateTtl({
    nowMs: now,
    increment,
    backendTtl: fromEngine.ttl,
    backendMaxTtl: fromEngine.maxTtl,
    mount: mountTtls(ctx.ns.mounts.match(lease.path)),
    startMs: lease.issueMs,
  });
  if ('error' in granted) return badRequest(granted.error);
  lease.expireMs = now + granted.ttl * 1000;
  lease.lastRenewalMs = now;
  return ok(null, { lease_id: lease.id, renewable: true, lease_duration: granted.ttl, warnings: granted.warnings });
}

/** Unknown leases revoke fine: Vault's revokeCommon returns nil when there is no entry. */
function revoke(ctx: Ctx, fromUrl: string): Result {
  if (!isWrite(ctx)) return unsupported();
  const id = leaseIdOf(ctx, fromUrl);
  if (!id) return badRequest('lease_id must be specified');
  sweep(ctx);
  const lease = find(ctx, id);
  if (lease) ctx.core.leases.revoke(lease);
  return noContent();
}

/** revoke-prefix/<prefix>: a lease id itself, or every lease below `prefix/`. */
function revokePrefix(ctx: Ctx, prefix: string): Result {
  if (!isWrite(ctx)) return unsupported();
  if (!hasSudo(ctx)) return aclDenied();
  sweep(ctx);
  const exact = find(ctx, prefix);
  const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const targets = exact ? [exact] : ctx.core.leases.all(ctx.ns.path).filter((l) => l.id.startsWith(p));
  for (const lease of targets) ctx.core.leases.revoke(lease);
  return noContent();
}

/** sys/leases/...: lookup, renew, revoke, revoke-prefix. */
export function leases(ctx: Ctx, rest: string): Result {
  if (rest === 'lookup') return lookup(ctx);
  if (rest === 'lookup/' || rest.startsWith('lookup/')) return lookupList(ctx, rest.slice('lookup/'.length));
  for (const [name, area] of [
    ['renew', renew],
    ['revoke-prefix', revokePrefix],
    ['revoke', revoke],
  ] as const) {
    if (rest === name) return area(ctx, '');
    if (rest.startsWith(`${name}/`)) return area(ctx, rest.slice(name.length + 1));
  }
  return noRoute(ctx.path);
}

/** The older aliases sys/renew[/<id>], sys/revoke[/<id>] and sys/revoke-prefix/<prefix>. */
export const legacyRenew = (ctx: Ctx, rest: string): Result => renew(ctx, rest);
export const legacyRevoke = (ctx: Ctx, rest: string): Result => revoke(ctx, rest);
export const legacyRevokePrefix = (ctx: Ctx, rest: string): Result => revokePrefix(ctx, rest);

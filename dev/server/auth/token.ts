import type { Backend, Ctx } from '../types';
import type { RenewGrant, TokenEntry } from '../state/token-store';
import { durationField } from '../util/durations';
import { calculateTtl, PastMaxTtl } from '../util/lease';
import { vaultTime } from '../util/clock';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { authBlock } from './issue';
import { createToken } from './token-create';
import { tokenRoleJson, writeTokenRole, type TokenRole } from './token-roles';

function lookupData(ctx: Ctx, t: TokenEntry, showId = true): Record<string, unknown> {
  const now = ctx.core.clock.nowMs();
  const data: Record<string, unknown> = {
    accessor: t.accessor,
    creation_time: Math.floor(t.creationTimeMs / 1000),
    creation_ttl: t.creationTtl,
    display_name: t.displayName,
    entity_id: t.entityId,
    expire_time: t.expireAtMs ? vaultTime(t.expireAtMs) : null,
    explicit_max_ttl: t.explicitMaxTtl,
    id: showId ? t.id : '',
    ...(t.noLease ? {} : { issue_time: vaultTime(t.creationTimeMs) }),
    ...(t.lastRenewalMs ? { last_renewal: vaultTime(t.lastRenewalMs), last_renewal_time: Math.floor(t.lastRenewalMs / 1000) } : {}),
    meta: t.meta,
    num_uses: t.numUses,
    orphan: t.orphan,
    path: t.path,
    policies: t.policies,
    ...(t.period ? { period: t.period } : {}),
    ...(t.role ? { role: t.role } : {}),
    ...(t.noLease ? {} : { renewable: t.renewable }),
    ttl: ctx.core.tokens.ttlSeconds(t, now),
    type: t.type,
  };
  if (ctx.ns.path !== '' || t.nsPath !== '') data.namespace_path = t.nsPath;
  return data;
}

/** lookupByAccessor's error, which Vault returns wrapped as a multierror. */
const invalidAccessor = () => badRequest('1 error occurred:\n\t* invalid accessor\n\n');

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/**
 * vault/expiration.go RenewToken: the lease must be renewable, then the auth method's renew check
 * (its role or user as they are now; null: 204, nothing renewed), then framework.CalculateTTL from
 * the token's issue time.
 */
function renew(ctx: Ctx, t: TokenEntry): Result {
  if (t.type === 'batch') return badRequest('batch tokens cannot be renewed');
  if (!t.renewable) return badRequest('lease is not renewable');
  const increment = durationField(ctx.body, 'increment') ?? 0;
  const grant: RenewGrant | null | Error = t.renewer
    ? t.renewer(ctx, t)
    : { ttl: t.renewTtl, maxTtl: t.backendMaxTtl ?? 0, period: t.period ?? 0, explicitMaxTtl: t.explicitMaxTtl };
  if (grant === null) return noContent();
  if (grant instanceof Error) return badRequest(grant.message);
  const now = ctx.core.clock.nowMs();
  let calculated;
  try {
    calculated = calculateTtl({
      increment,
      backendTtl: grant.ttl,
      period: grant.period,
      backendMaxTtl: grant.maxTtl,
      explicitMaxTtl: grant.explicitMaxTtl,
      startMs: t.creationTimeMs,
      nowMs: now,
    });
  } catch (e) {
    if (e instanceof PastMaxTtl) return badRequest(e.message);
    throw e;
  }
  t.expireAtMs = now + calculated.ttl * 1000;
  t.lastRenewalMs = now;
  return ok(null, { auth: authBlock(ctx.core, t, calculated.ttl), warnings: calculated.warnings });
}

function byToken(ctx: Ctx): TokenEntry | undefined {
  const id = ctx.body.token;
  return typeof id === 'string' && id ? ctx.core.tokens.get(id, ctx.core.clock.nowMs()) : undefined;
}

function byAccessor(ctx: Ctx): TokenEntry | undefined {
  const a = ctx.body.accessor;
  return typeof a === 'string' && a ? ctx.core.tokens.byAccessorId(a, ctx.core.clock.nowMs()) : undefined;
}

/** auth/token/*: create, lookup, renew, revoke (self, by token, by accessor). */
export class TokenBackend implements Backend {
  private readonly roles = new Map<string, TokenRole>();
  private readonly roleNamed = (name: string) => this.roles.get(name);

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^roles\/([^/]+)\/?$/.exec(sub);
    return m ? this.roles.has(m[1]) : true;
  }

  handle(ctx: Ctx, sub: string): Result {
    const self = ctx.token!;
    const { core } = ctx;
    const roleCreate = /^create\/([^/]+)\/?$/.exec(sub);
    if (roleCreate && roleCreate[1] !== '') {
      const role = this.roles.get(roleCreate[1]);
      if (!role) return isWrite(ctx) ? badRequest(`unknown role ${roleCreate[1]}`) : unsupported();
      return isWrite(ctx) ? createToken(ctx, { orphan: false, role, roleNamed: this.roleNamed }) : unsupported();
    }
    if (sub === 'roles' || sub === 'roles/') return ctx.method === 'LIST' ? listResult([...this.roles.keys()].sort()) : unsupported();
    const roleMatch = /^roles\/([^/]+)\/?$/.exec(sub);
    if (roleMatch) return this.roleEndpoint(ctx, roleMatch[1]);
    switch (sub.replace(/\/$/, '')) {
      case 'create':
      case 'create-orphan':
        return isWrite(ctx) ? createToken(ctx, { orphan: sub.startsWith('create-orphan'), roleNamed: this.roleNamed }) : unsupported();
      case 'lookup-self':
        return ctx.method === 'GET' || isWrite(ctx) ? ok(lookupData(ctx, self)) : unsupported();
      case 'lookup': {
        if (!isWrite(ctx)) return unsupported();
        const t = byToken(ctx);
        return t ? ok(lookupData(ctx, t)) : fail(403, 'bad token');
      }
      case 'lookup-accessor': {
        if (!isWrite(ctx)) return unsupported();
        const t = byAccessor(ctx);
        return t ? ok(lookupData(ctx, t, false)) : invalidAccessor();
      }
      case 'renew-self':
        return isWrite(ctx) ? renew(ctx, self) : unsupported();
      case 'renew': {
        if (!isWrite(ctx)) return unsupported();
        const t = byToken(ctx);
        return t ? renew(ctx, t) : badRequest('invalid token');
      }
      case 'renew-accessor': {
        if (!isWrite(ctx)) return unsupported();
        const t = byAccessor(ctx);
        return t ? renew(ctx, t) : invalidAccessor();
      }
      case 'revoke-self':
        if (!isWrite(ctx)) return unsupported();
        if (self.type === 'batch') return badRequest('batch tokens cannot be revoked');
        core.tokens.revoke(self);
        return noContent();
      case 'revoke':
      case 'revoke-orphan': {
        if (!isWrite(ctx)) return unsupported();
        const t = byToken(ctx);
        if (t?.type === 'batch') return badRequest('batch tokens cannot be revoked');
        if (t) core.tokens.revoke(t);
        return noContent();
      }
      case 'revoke-accessor': {
        if (!isWrite(ctx)) return unsupported();
        const t = byAccessor(ctx);
        if (!t) return invalidAccessor();
        core.tokens.revoke(t);
        return noContent();
      }
      case 'accessors': {
        if (ctx.method !== 'LIST') return unsupported();
        const keys = [...core.tokens.all()].filter((t) => t.accessor && t.nsPath === ctx.ns.path).map((t) => t.accessor);
        return ok({ keys });
      }
      default:
        return fail(404, `no handler for route '${ctx.path}'`);
    }
  }

  private roleEndpoint(ctx: Ctx, name: string): Result {
    const role = this.roles.get(name);
    switch (ctx.method) {
      case 'GET':
        return role ? ok(tokenRoleJson(role)) : notFound();
      case 'DELETE':
        this.roles.delete(name);
        return noContent();
      case 'POST':
      case 'PUT': {
        const written = writeTokenRole(name, role, ctx.body);
        if (typeof written === 'string') return badRequest(written);
        this.roles.set(name, written.role);
        return written.warnings.length ? ok(null, { warnings: written.warnings }) : noContent();
      }
      default:
        return unsupported();
    }
  }
}

import type { Backend, Ctx } from '../types';
import type { TokenEntry } from '../state/token-store';
import { durationField } from '../util/durations';
import { calculateTtl, PastMaxTtl } from '../util/lease';
import { vaultTime } from '../util/clock';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { authBlock, issueToken, normalizePolicies } from './issue';
import { stringList } from './token-fields';
import { rolePolicies, tokenRoleJson, writeTokenRole, type TokenRole } from './token-roles';

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
    issue_time: vaultTime(t.creationTimeMs),
    ...(t.lastRenewalMs ? { last_renewal: vaultTime(t.lastRenewalMs), last_renewal_time: Math.floor(t.lastRenewalMs / 1000) } : {}),
    meta: t.meta,
    num_uses: t.numUses,
    orphan: t.orphan,
    path: t.path,
    policies: t.policies,
    ...(t.role ? { role: t.role } : {}),
    renewable: t.renewable,
    ttl: ctx.core.tokens.ttlSeconds(t, now),
    type: t.type,
  };
  if (ctx.ns.path !== '' || t.nsPath !== '') data.namespace_path = t.nsPath;
  return data;
}

/** lookupByAccessor's error, which Vault returns wrapped as a multierror. */
const invalidAccessor = () => badRequest('1 error occurred:\n\t* invalid accessor\n\n');

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

function create(ctx: Ctx, orphan: boolean, role?: TokenRole): Result {
  if (!isWrite(ctx)) return unsupported();
  const parent = ctx.token!;
  const b = ctx.body;
  const parentIsRoot = parent.policies.includes('root');
  const noDefault = b.no_default_policy === true;
  const asked = b.policies === undefined ? [] : stringList(b.policies);
  let policies: string[];
  if (role && (role.allowed_policies.length || role.disallowed_policies.length)) {
    const fromRole = rolePolicies(role, asked, parent.policies, noDefault);
    if (typeof fromRole === 'string') return badRequest(fromRole);
    policies = normalizePolicies(fromRole, true);
  } else {
    const requested = b.policies === undefined ? parent.policies.filter((p) => p !== 'default') : asked;
    policies = normalizePolicies(requested, noDefault);
    if (!parentIsRoot && policies.some((p) => p !== 'default' && !parent.policies.includes(p)))
      return badRequest('child policies must be subset of parent');
  }
  if (noDefault) policies = policies.filter((p) => p !== 'default');
  let type = b.type === undefined ? 'service' : String(b.type);
  if (role?.token_type === 'batch' || (role?.token_type === 'default-batch' && b.type === undefined)) type = 'batch';
  if (role?.token_type === 'service') type = 'service';
  if (type !== 'service' && type !== 'batch') return badRequest(`unsupported token type "${type}"`);
  if (type === 'batch' && b.num_uses) return badRequest('batch tokens cannot have a number of uses set');
  const displayName = typeof b.display_name === 'string' && b.display_name ? `token-${b.display_name}` : 'token';
  const noParent = orphan || b.no_parent === true || !!role?.orphan;
  const period = role?.token_period ?? 0;
  const explicit = Math.min(...[durationField(b, 'explicit_max_ttl') ?? 0, role?.token_explicit_max_ttl ?? 0].filter((v) => v > 0), Infinity);
  const { token: t, warnings } = issueToken(ctx, {
    displayName,
    path: role ? `auth/token/create/${role.name}${role.path_suffix ? `/${role.path_suffix}` : ''}` : ctx.path.replace(/\/$/, ''),
    policies,
    noDefaultPolicy: noDefault || !!role,
    meta: (b.meta as Record<string, string> | undefined) ?? null,
    ttl: period || (durationField(b, 'ttl') ?? 0),
    maxTtl: 0,
    explicitMaxTtl: explicit === Infinity ? 0 : explicit,
    type,
    numUses: Number(b.num_uses ?? 0) || 0,
    renewable: (b.renewable === undefined ? true : b.renewable === true || b.renewable === 'true') && (role?.renewable ?? true),
    orphan: noParent,
    parentId: noParent || type === 'batch' ? undefined : parent.id,
  });
  if (role) t.role = role.name;
  return ok(null, { auth: authBlock(ctx.core, t), warnings });
}

function renew(ctx: Ctx, t: TokenEntry): Result {
  if (t.type === 'batch') return badRequest('batch tokens cannot be renewed');
  if (!t.renewable) return badRequest('lease is not renewable');
  const now = ctx.core.clock.nowMs();
  let calculated;
  try {
    calculated = calculateTtl({
      increment: durationField(ctx.body, 'increment') ?? 0,
      backendTtl: t.renewTtl,
      backendMaxTtl: t.backendMaxTtl ?? 0,
      explicitMaxTtl: t.explicitMaxTtl,
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
      return create(ctx, false, role);
    }
    if (sub === 'roles' || sub === 'roles/') return ctx.method === 'LIST' ? listResult([...this.roles.keys()].sort()) : unsupported();
    const roleMatch = /^roles\/([^/]+)\/?$/.exec(sub);
    if (roleMatch) return this.roleEndpoint(ctx, roleMatch[1]);
    switch (sub.replace(/\/$/, '')) {
      case 'create':
        return create(ctx, false);
      case 'create-orphan':
        return create(ctx, true);
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

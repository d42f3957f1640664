import type { Backend, Ctx } from '../types';
import { durationField } from '../util/durations';
import { uuid } from '../util/ids';
import { vaultTime } from '../util/clock';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { applyTokenFields, defaultTokenFields, stringList, tokenFieldsJson, type TokenFields } from './token-fields';
import { loginResult } from './issue';

interface Role extends TokenFields {
  name: string;
  roleId: string;
  bind_secret_id: boolean;
  secret_id_num_uses: number;
  secret_id_ttl: number;
  secret_id_bound_cidrs: string[] | null;
  local_secret_ids: boolean;
}

interface SecretId {
  id: string;
  accessor: string;
  /** Remaining uses; 0 = unlimited. */
  usesLeft: number;
  numUses: number;
  ttl: number;
  createdMs: number;
  /** 0 = never. */
  expiresMs: number;
  metadata: Record<string, string>;
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const roleMissing = (name: string) => badRequest(`role "${name}" does not exist`);

/** AppRole at any mount: roles, role_id, secret_id (uses, TTL), login. */
export class AppRoleBackend implements Backend {
  private readonly roles = new Map<string, Role>();
  private readonly secretIds = new Map<string, Map<string, SecretId>>();

  unauthenticated(sub: string): boolean {
    return sub === 'login' || sub === 'login/';
  }

  exists(ctx: Ctx, sub: string): boolean {
    const m = /^role\/([^/]+)$/.exec(sub);
    return m ? this.roles.has(m[1].toLowerCase()) : true;
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'login') return isWrite(ctx) ? this.login(ctx) : unsupported();
    if (path === 'role') return ctx.method === 'LIST' ? listResult([...this.roles.keys()].sort()) : unsupported();
    const m = /^role\/([^/]+)(?:\/(.+))?$/.exec(path);
    if (!m) return badRequest(`no handler for route '${ctx.path}'`);
    const name = m[1].toLowerCase();
    const rest = m[2] ?? '';
    if (rest === '') return this.roleCrud(ctx, name);
    const role = this.roles.get(name);
    if (!role) return roleMissing(name);
    switch (rest) {
      case 'role-id':
        if (ctx.method === 'GET') return ok({ role_id: role.roleId });
        if (!isWrite(ctx)) return unsupported();
        if (typeof ctx.body.role_id !== 'string' || !ctx.body.role_id) return badRequest('missing role_id');
        role.roleId = ctx.body.role_id;
        return noContent();
      case 'secret-id':
        if (ctx.method === 'LIST') return listResult([...(this.secretIds.get(name)?.values() ?? [])].map((s) => s.accessor).sort());
        return isWrite(ctx) ? this.generate(ctx, role, uuid()) : unsupported();
      case 'custom-secret-id':
        if (!isWrite(ctx)) return unsupported();
        if (typeof ctx.body.secret_id !== 'string' || !ctx.body.secret_id) return badRequest('missing secret_id');
        return this.generate(ctx, role, ctx.body.secret_id);
      case 'secret-id/lookup': {
        if (!isWrite(ctx)) return unsupported();
        const s = this.liveSecret(ctx, name, String(ctx.body.secret_id ?? ''));
        // path_role.go secretIDCommon: an unknown (or used up) secret_id is a nil response, so 204.
        return s ? ok(this.secretJson(s)) : noContent();
      }
      case 'secret-id/destroy':
        if (!isWrite(ctx) && ctx.method !== 'DELETE') return unsupported();
        this.secretIds.get(name)?.delete(String(ctx.body.secret_id ?? ''));
        return noContent();
      case 'secret-id-accessor/destroy': {
        if (!isWrite(ctx) && ctx.method !== 'DELETE') return unsupported();
        const map = this.secretIds.get(name);
        for (const [k, s] of map ?? []) if (s.accessor === ctx.body.secret_id_accessor) map!.delete(k);
        return noContent();
      }
      default:
        return badRequest(`no handler for route '${ctx.path}'`);
    }
  }

  private roleCrud(ctx: Ctx, name: string): Result {
    const role = this.roles.get(name);
    switch (ctx.method) {
      case 'GET':
        return role ? ok(this.roleJson(role)) : notFound();
      case 'DELETE':
        this.roles.delete(name);
        this.secretIds.delete(name);
        return noContent();
      case 'POST':
      case 'PUT': {
        const r: Role = role ? { ...role } : {
          ...defaultTokenFields(),
          name,
          roleId: uuid(),
          bind_secret_id: true,
          secret_id_num_uses: 0,
          secret_id_ttl: 0,
          secret_id_bound_cidrs: null,
          local_secret_ids: false,
        };
        const b = ctx.body;
        applyTokenFields(r, b);
        if (b.bind_secret_id !== undefined) r.bind_secret_id = b.bind_secret_id === true || b.bind_secret_id === 'true';
        if (b.secret_id_num_uses !== undefined) r.secret_id_num_uses = Number(b.secret_id_num_uses) || 0;
        r.secret_id_ttl = durationField(b, 'secret_id_ttl') ?? r.secret_id_ttl;
        if (b.secret_id_bound_cidrs !== undefined) r.secret_id_bound_cidrs = stringList(b.secret_id_bound_cidrs);
        if (typeof b.role_id === 'string' && b.role_id) r.roleId = b.role_id;
        // path_role.go validateRoleConstraints, a plain error from setRoleEntry: 500, wrapped.
        if (!r.bind_secret_id && !r.secret_id_bound_cidrs?.length && !r.token_bound_cidrs.length) {
          return fail(500, '1 error occurred:\n\t* at least one constraint should be enabled on the role\n\n');
        }
        this.roles.set(name, r);
        return noContent();
      }
      default:
        return unsupported();
    }
  }

  private roleJson(r: Role): Record<string, unknown> {
    return {
      bind_secret_id: r.bind_secret_id,
      local_secret_ids: r.local_secret_ids,
      secret_id_bound_cidrs: r.secret_id_bound_cidrs,
      secret_id_num_uses: r.secret_id_num_uses,
      secret_id_ttl: r.secret_id_ttl,
      ...tokenFieldsJson(r),
    };
  }

  private generate(ctx: Ctx, role: Role, id: string): Result {
    const now = ctx.core.clock.nowMs();
    const ttl = durationField(ctx.body, 'ttl') ?? role.secret_id_ttl;
    const uses = ctx.body.num_uses !== undefined ? Number(ctx.body.num_uses) || 0 : role.secret_id_num_uses;
    let metadata: Record<string, string> = {};
    if (typeof ctx.body.metadata === 'string' && ctx.body.metadata) {
      try {
        metadata = JSON.parse(ctx.body.metadata);
      } catch {
        return badRequest('failed to parse metadata: invalid JSON');
      }
    } else if (ctx.body.metadata && typeof ctx.body.metadata === 'object') metadata = ctx.body.metadata as Record<string, string>;
    const s: SecretId = { id, accessor: uuid(), usesLeft: uses, numUses: uses, ttl, createdMs: now, expiresMs: ttl ? now + ttl * 1000 : 0, metadata };
    const map = this.secretIds.get(role.name) ?? new Map<string, SecretId>();
    map.set(id, s);
    this.secretIds.set(role.name, map);
    return ok({ secret_id: s.id, secret_id_accessor: s.accessor, secret_id_ttl: s.ttl });
  }

  private liveSecret(ctx: Ctx, roleName: string, id: string): SecretId | undefined {
    const map = this.secretIds.get(roleName);
    const s = map?.get(id);
    if (!s) return undefined;
    if (s.expiresMs && s.expiresMs <= ctx.core.clock.nowMs()) {
      map!.delete(id);
      return undefined;
    }
    return s;
  }

  private secretJson(s: SecretId): Record<string, unknown> {
    return {
      cidr_list: [],
      creation_time: vaultTime(s.createdMs),
      expiration_time: s.expiresMs ? vaultTime(s.expiresMs) : '0001-01-01T00:00:00Z',
      last_updated_time: vaultTime(s.createdMs),
      metadata: s.metadata,
      secret_id_accessor: s.accessor,
      secret_id_num_uses: s.usesLeft,
      secret_id_ttl: s.ttl,
      token_bound_cidrs: [],
    };
  }

  private login(ctx: Ctx): Result {
    const roleId = ctx.body.role_id;
    if (typeof roleId !== 'string' || roleId === '') return badRequest('missing role_id');
    const role = [...this.roles.values()].find((r) => r.roleId === roleId);
    if (!role) return badRequest('invalid role ID');
    const meta: Record<string, string> = { role_name: role.name };
    if (role.bind_secret_id) {
      const secretId = ctx.body.secret_id;
      if (typeof secretId !== 'string' || secretId === '') return badRequest('missing secret_id');
      const s = this.liveSecret(ctx, role.name, secretId);
      if (!s) return badRequest('invalid secret id');
      if (s.numUses > 0 && --s.usesLeft <= 0) this.secretIds.get(role.name)!.delete(secretId);
      Object.assign(meta, s.metadata);
    }
    return loginResult(ctx, ctx.mount!.path, role, { displaySuffix: '', meta, alias: roleId });
  }
}

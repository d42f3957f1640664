import type { Backend, Ctx } from '../types';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { applyTokenFields, defaultTokenFields, stringList, tokenFieldsJson, type TokenFields } from './token-fields';
import { loginResult } from './issue';
import { checkTimes, decodeJwt, verifyJwtSignature } from './jwt-verify';

interface JwtRole extends TokenFields {
  role_type: string;
  bound_audiences: string[];
  bound_subject: string;
  user_claim: string;
  bound_claims: Record<string, unknown> | null;
  clock_skew_leeway: number;
  expiration_leeway: number;
  not_before_leeway: number;
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/**
 * JWT auth at any mount, verifying RS256/ES256 signatures against `jwt_validation_pubkeys`.
 * Leeways default to 0 here (Vault: 150s/60s) so expiry tests need no sleeping; set them per role.
 */
export class JwtBackend implements Backend {
  private config: { jwt_validation_pubkeys: string[]; bound_issuer: string } | undefined;
  private readonly roles = new Map<string, JwtRole>();

  unauthenticated(sub: string): boolean {
    return sub === 'login' || sub === 'login/';
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'login') return isWrite(ctx) ? this.login(ctx) : unsupported();
    if (path === 'config') return this.configEndpoint(ctx);
    if (path === 'role') return ctx.method === 'LIST' ? listResult([...this.roles.keys()].sort()) : unsupported();
    const m = /^role\/([^/]+)$/.exec(path);
    if (!m) return notFound();
    const name = m[1].toLowerCase();
    const role = this.roles.get(name);
    switch (ctx.method) {
      case 'GET':
        return role ? ok(roleJson(role)) : notFound();
      case 'DELETE':
        this.roles.delete(name);
        return noContent();
      case 'POST':
      case 'PUT': {
        const b = ctx.body;
        const r: JwtRole = role ?? {
          ...defaultTokenFields(),
          role_type: 'jwt',
          bound_audiences: [],
          bound_subject: '',
          user_claim: '',
          bound_claims: null,
          clock_skew_leeway: 0,
          expiration_leeway: 0,
          not_before_leeway: 0,
        };
        applyTokenFields(r, b);
        if (b.role_type !== undefined) r.role_type = String(b.role_type);
        if (r.role_type !== 'jwt') return badRequest(`invalid 'role_type': ${r.role_type}`);
        if (b.bound_audiences !== undefined) r.bound_audiences = stringList(b.bound_audiences);
        if (b.bound_subject !== undefined) r.bound_subject = String(b.bound_subject);
        if (b.user_claim !== undefined) r.user_claim = String(b.user_claim);
        if (b.bound_claims !== undefined) r.bound_claims = b.bound_claims as Record<string, unknown>;
        for (const k of ['clock_skew_leeway', 'expiration_leeway', 'not_before_leeway'] as const) if (b[k] !== undefined) r[k] = Number(b[k]) || 0;
        if (!r.user_claim) return badRequest('a user claim must be defined on the role');
        this.roles.set(name, r);
        return noContent();
      }
      default:
        return unsupported();
    }
  }

  private configEndpoint(ctx: Ctx): Result {
    if (ctx.method === 'GET') return this.config ? ok({ ...this.config, jwks_url: '', oidc_discovery_url: '' }) : notFound();
    if (!isWrite(ctx)) return unsupported();
    const keys = stringList(ctx.body.jwt_validation_pubkeys);
    if (keys.length === 0) return badRequest('exactly one of \'jwt_validation_pubkeys\', \'jwks_url\' or \'oidc_discovery_url\' must be set');
    this.config = { jwt_validation_pubkeys: keys, bound_issuer: typeof ctx.body.bound_issuer === 'string' ? ctx.body.bound_issuer : '' };
    return noContent();
  }

  private login(ctx: Ctx): Result {
    const roleName = typeof ctx.body.role === 'string' ? ctx.body.role.toLowerCase() : '';
    if (!roleName) return badRequest('missing role');
    const role = this.roles.get(roleName);
    if (!role) return badRequest(`role "${roleName}" could not be found`);
    if (typeof ctx.body.jwt !== 'string' || !ctx.body.jwt) return badRequest('missing token');
    if (!this.config) return badRequest('could not load configuration');
    const jwt = decodeJwt(ctx.body.jwt);
    if (typeof jwt === 'string') return badRequest(`error validating token: ${jwt}`);
    if (!verifyJwtSignature(jwt, this.config.jwt_validation_pubkeys))
      return badRequest('error validating token: error verifying token signature: no known key successfully validated the token signature');
    const c = jwt.claims;
    const timeError = checkTimes(c, ctx.core.clock.nowSec(), role.expiration_leeway + role.clock_skew_leeway);
    if (timeError) return badRequest(`error validating claims: ${timeError}`);
    if (this.config.bound_issuer && c.iss !== this.config.bound_issuer) return badRequest('error validating claims: validation failed, invalid issuer claim (iss)');
    const aud = Array.isArray(c.aud) ? c.aud.map(String) : c.aud === undefined ? [] : [String(c.aud)];
    if (role.bound_audiences.length) {
      if (!aud.some((a) => role.bound_audiences.includes(a)))
        return badRequest('error validating claims: invalid audience (aud) claim: audience claim does not match any expected audience');
    } else if (aud.length) return badRequest('audience claim found in JWT but no audiences bound to the role');
    if (role.bound_subject && c.sub !== role.bound_subject) return badRequest('error validating claims: validation failed, invalid subject claim (sub)');
    for (const [k, want] of Object.entries(role.bound_claims ?? {})) {
      const allowed = Array.isArray(want) ? want.map(String) : [String(want)];
      if (!allowed.includes(String(c[k]))) return badRequest(`claim "${k}" does not match any associated bound claim values`);
    }
    const user = c[role.user_claim];
    if (user === undefined || user === null || user === '') return badRequest(`claim "${role.user_claim}" not found in token`);
    return loginResult(ctx, ctx.mount!.path, role, { displaySuffix: String(user), meta: { role: roleName }, alias: String(user) });
  }
}

function roleJson(r: JwtRole): Record<string, unknown> {
  return {
    role_type: r.role_type,
    bound_audiences: r.bound_audiences,
    bound_subject: r.bound_subject,
    bound_claims: r.bound_claims,
    user_claim: r.user_claim,
    clock_skew_leeway: r.clock_skew_leeway,
    expiration_leeway: r.expiration_leeway,
    not_before_leeway: r.not_before_leeway,
    ...tokenFieldsJson(r),
  };
}

import type { Backend, Ctx } from '../types';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { loginResult } from './issue';
import { validateJwt } from './jwt-verify';
import { buildConfig, configJson, type JwtConfig } from './jwt-config';
import { roleJson, writeRole, type JwtRole } from './jwt-role';
import { boundClaimsError, identity } from './jwt-claims';

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/**
 * JWT/OIDC auth at any mount, as vault-plugin-auth-jwt v0.10 (Vault 1.8): config, roles and the
 * login of path_login.go, validating with static keys (`jwt_validation_pubkeys`). JWKS and OIDC
 * discovery URLs are stored but never contacted.
 */
export class JwtBackend implements Backend {
  private config: JwtConfig | undefined;
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
        const written = writeRole(role, ctx.body);
        if (typeof written === 'string') return badRequest(written);
        this.roles.set(name, written.role);
        // v0.10 returns its (empty) response even without warnings: 200, not 204
        return ok(null, { warnings: written.warnings });
      }
      default:
        return unsupported();
    }
  }

  private configEndpoint(ctx: Ctx): Result {
    if (ctx.method === 'GET') return this.config ? ok(configJson(this.config)) : notFound();
    if (!isWrite(ctx)) return unsupported();
    const c = buildConfig(ctx.body, this.config);
    if (typeof c === 'string') return badRequest(c);
    this.config = c;
    return noContent();
  }

  /** path_login.go pathLogin, in its order. */
  private login(ctx: Ctx): Result {
    const config = this.config;
    if (!config) return badRequest('could not load configuration');
    const roleName = (typeof ctx.body.role === 'string' && ctx.body.role ? ctx.body.role.toLowerCase() : '') || config.default_role;
    if (!roleName) return badRequest('missing role');
    const role = this.roles.get(roleName);
    if (!role) return badRequest(`role ${JSON.stringify(roleName)} could not be found`);
    if (role.role_type === 'oidc') return badRequest('role with oidc role_type is not allowed');
    const token = typeof ctx.body.jwt === 'string' ? ctx.body.jwt : '';
    if (!token) return badRequest('missing token');
    if (!config.jwt_validation_pubkeys.length) return badRequest('error validating token: error verifying token signature: no known key successfully validated the token signature');
    const claims = validateJwt(token, config.jwt_validation_pubkeys, {
      issuer: config.bound_issuer,
      subject: role.bound_subject,
      audiences: role.bound_audiences ?? [],
      algorithms: config.jwt_supported_algs,
      expirationLeeway: role.expiration_leeway,
      notBeforeLeeway: role.not_before_leeway,
      clockSkewLeeway: role.clock_skew_leeway,
      nowSec: ctx.core.clock.nowSec(),
    });
    if (typeof claims === 'string') return badRequest(`error validating token: ${claims}`);
    // only an audience list counts here (a single string aud passes, fixed in plugin v0.20.3)
    if (Array.isArray(claims.aud) && claims.aud.length > 0 && !role.bound_audiences?.length)
      return badRequest('audience claim found in JWT but no audiences bound to the role');
    const who = identity(claims, role.user_claim, role.claim_mappings, role.groups_claim);
    if (typeof who === 'string') return badRequest(who);
    const boundError = boundClaimsError(role.bound_claims_type, role.bound_claims, claims);
    if (boundError) return badRequest(`error validating claims: ${boundError}`);
    return loginResult(ctx, ctx.mount!.path, role, { displaySuffix: who.user, meta: { role: roleName, ...who.metadata }, alias: who.user });
  }
}

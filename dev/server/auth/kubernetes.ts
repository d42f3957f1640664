import type { Backend, Ctx } from '../types';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { applyTokenFields, defaultTokenFields, stringList, tokenFieldsJson, type TokenFields } from './token-fields';
import { loginResult } from './issue';
import { checkTimes, decodeJwt, globMatch, verifyJwtSignature } from './jwt-verify';

interface K8sRole extends TokenFields {
  bound_service_account_names: string[];
  bound_service_account_namespaces: string[];
  audience: string;
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/** Service account name/namespace from a legacy secret token or a projected token. */
function serviceAccount(c: Record<string, unknown>): { name?: string; namespace?: string; uid?: string; secret?: string } {
  const projected = c['kubernetes.io'] as { namespace?: string; serviceaccount?: { name?: string; uid?: string } } | undefined;
  if (projected && typeof projected === 'object')
    return { name: projected.serviceaccount?.name, namespace: projected.namespace, uid: projected.serviceaccount?.uid, secret: '' };
  return {
    name: c['kubernetes.io/serviceaccount/service-account.name'] as string | undefined,
    namespace: c['kubernetes.io/serviceaccount/namespace'] as string | undefined,
    uid: c['kubernetes.io/serviceaccount/service-account.uid'] as string | undefined,
    secret: c['kubernetes.io/serviceaccount/secret.name'] as string | undefined,
  };
}

/**
 * Kubernetes auth at any mount. There is no cluster to ask (TokenReview): when `pem_keys` are set
 * in the config the JWT signature is verified against them, otherwise the JWT is only decoded.
 */
export class KubernetesBackend implements Backend {
  private config: Record<string, unknown> | undefined;
  private pemKeys: string[] = [];
  private readonly roles = new Map<string, K8sRole>();

  unauthenticated(sub: string): boolean {
    return sub === 'login' || sub === 'login/';
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'login') return isWrite(ctx) ? this.login(ctx) : unsupported();
    if (path === 'config') {
      if (ctx.method === 'GET') return this.config ? ok(this.config) : notFound();
      if (!isWrite(ctx)) return unsupported();
      if (typeof ctx.body.kubernetes_host !== 'string' || !ctx.body.kubernetes_host) return badRequest('no host provided');
      this.pemKeys = stringList(ctx.body.pem_keys);
      this.config = {
        kubernetes_host: ctx.body.kubernetes_host,
        kubernetes_ca_cert: ctx.body.kubernetes_ca_cert ?? '',
        pem_keys: this.pemKeys,
        issuer: ctx.body.issuer ?? '',
        disable_iss_validation: ctx.body.disable_iss_validation ?? true,
        disable_local_ca_jwt: ctx.body.disable_local_ca_jwt ?? false,
      };
      return noContent();
    }
    if (path === 'role') return ctx.method === 'LIST' ? listResult([...this.roles.keys()].sort()) : unsupported();
    const m = /^role\/([^/]+)$/.exec(path);
    if (!m) return notFound();
    const name = m[1].toLowerCase();
    const role = this.roles.get(name);
    switch (ctx.method) {
      case 'GET':
        return role ? ok({ bound_service_account_names: role.bound_service_account_names, bound_service_account_namespaces: role.bound_service_account_namespaces, audience: role.audience, ...tokenFieldsJson(role) }) : notFound();
      case 'DELETE':
        this.roles.delete(name);
        return noContent();
      case 'POST':
      case 'PUT': {
        const b = ctx.body;
        const r: K8sRole = role ?? { ...defaultTokenFields(), bound_service_account_names: [], bound_service_account_namespaces: [], audience: '' };
        applyTokenFields(r, b);
        if (b.bound_service_account_names !== undefined) r.bound_service_account_names = stringList(b.bound_service_account_names);
        if (b.bound_service_account_namespaces !== undefined) r.bound_service_account_namespaces = stringList(b.bound_service_account_namespaces);
        if (b.audience !== undefined) r.audience = String(b.audience);
        if (!r.bound_service_account_names.length) return badRequest('"bound_service_account_names" can not be empty');
        if (!r.bound_service_account_namespaces.length) return badRequest('"bound_service_account_namespaces" can not be empty');
        this.roles.set(name, r);
        return noContent();
      }
      default:
        return unsupported();
    }
  }

  private login(ctx: Ctx): Result {
    const roleName = typeof ctx.body.role === 'string' ? ctx.body.role.toLowerCase() : '';
    if (!roleName) return badRequest('missing role');
    if (typeof ctx.body.jwt !== 'string' || !ctx.body.jwt) return badRequest('missing jwt');
    const role = this.roles.get(roleName);
    if (!role) return badRequest(`invalid role name "${roleName}"`);
    if (!this.config) return badRequest('could not load backend configuration');
    const jwt = decodeJwt(ctx.body.jwt);
    if (typeof jwt === 'string') return badRequest(jwt);
    if (this.pemKeys.length && !verifyJwtSignature(jwt, this.pemKeys)) return fail(403, 'permission denied');
    const timeError = checkTimes(jwt.claims, ctx.core.clock.nowSec());
    if (timeError) return fail(403, timeError);
    const sa = serviceAccount(jwt.claims);
    if (!sa.name || !sa.namespace) return badRequest('service account name or namespace missing from the JWT');
    if (!role.bound_service_account_names.some((p) => globMatch(p, sa.name!))) return fail(403, 'service account name not authorized');
    if (!role.bound_service_account_namespaces.some((p) => globMatch(p, sa.namespace!))) return fail(403, 'namespace not authorized');
    if (role.audience) {
      const aud = Array.isArray(jwt.claims.aud) ? jwt.claims.aud.map(String) : [String(jwt.claims.aud ?? '')];
      if (!aud.includes(role.audience)) return fail(403, 'invalid audience (aud) claim: audience claim does not match any expected audience');
    }
    return loginResult(ctx, ctx.mount!.path, role, {
      displaySuffix: `${sa.namespace}-${sa.name}`,
      meta: {
        role: roleName,
        service_account_name: sa.name,
        service_account_namespace: sa.namespace,
        service_account_secret_name: sa.secret ?? '',
        service_account_uid: sa.uid ?? '',
      },
      alias: sa.uid ?? `${sa.namespace}/${sa.name}`,
    });
  }
}

import type { IncomingHttpHeaders } from 'node:http';
import type { X509Certificate } from 'node:crypto';
import type { ServerCore } from '../core';
import type { Backend, Ctx, Method, MountEntry, Operation } from '../types';
import type { Namespace } from '../state/namespace';
import { FieldError } from '../util/durations';
import { parseDurationSecond } from '../util/field-schema';
import { validateWrappingToken, WRAPPING_TOKEN_PATHS } from '../sys/wrapping';
import { aclDenied, fail, noRoute, tokenDenied, unsupported, type Result } from '../util/respond';
import { wrapResult } from './wrap-response';
import { goBool } from '../util/go-bool';
import { trimSlashes } from '../util/slashes';

export interface RawRequest {
  method: string;
  /** Below /v1/, no query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  peerCert?: X509Certificate;
  tls?: boolean;
}

export interface Dispatched {
  result: Result;
  namespace: string;
  /** Namespace-relative path. */
  path: string;
  method: string;
  tokenLabel?: string;
}

const SEALED_OK = new Set(['sys/health', 'sys/seal-status', 'sys/unseal', 'sys/leader', 'sys/init']);
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'LIST', 'PATCH']);
/** http/logical.go maps these to logical.HeaderOperation, which no backend serves. */
const HEADER_METHODS = new Set(['HEAD', 'OPTIONS']);

/** Served by Vault's HTTP mux directly (http/handler.go), so a namespace header never applies to them. */
const ROOT_ONLY = new Set(['sys/health', 'sys/seal-status', 'sys/seal', 'sys/unseal', 'sys/leader', 'sys/init']);

/** Resolves the namespace from the header and any path prefix; returns the rest of the path. */
export function resolveNamespace(core: ServerCore, headerNs: string | undefined, path: string): { ns?: Namespace; path: string } {
  let ns: Namespace | undefined = core.rootNs;
  const header = trimSlashes(headerNs ?? '');
  // A header of literally "root" means the root namespace (openbao/openbao vault/namespace_store.go).
  if (header !== '' && header !== 'root' && !ROOT_ONLY.has(path)) ns = core.findNamespace(header);
  if (!ns) return { path };
  let rest = path;
  for (;;) {
    const slash = rest.indexOf('/');
    const seg = slash === -1 ? rest : rest.slice(0, slash);
    const child: Namespace | undefined = ns.children.get(seg);
    if (!child || slash === -1) break;
    ns = child;
    rest = rest.slice(slash + 1);
  }
  return { ns, path: rest };
}

interface Target {
  backend: Backend;
  sub: string;
  mount?: MountEntry;
}

function findTarget(ns: Namespace, path: string): Target | undefined {
  if (path.startsWith('auth/')) {
    const m = ns.authMounts.match(path.slice(5));
    if (!m) return undefined;
    return { backend: m.backend, sub: path.slice(5 + m.path.length), mount: m };
  }
  const m = ns.mounts.match(path);
  if (!m) return undefined;
  return { backend: m.backend, sub: path.slice(m.path.length), mount: m };
}

function tokenFrom(headers: IncomingHttpHeaders): string | undefined {
  const x = headers['x-vault-token'];
  if (typeof x === 'string' && x) return x;
  // http/handler.go: only the exact "Bearer " scheme counts.
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  return undefined;
}

function operationFor(method: Method): Operation {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'LIST':
      return 'list';
    case 'DELETE':
      return 'delete';
    case 'PATCH':
      return 'patch';
    default:
      return 'update';
  }
}

export async function dispatch(core: ServerCore, raw: RawRequest): Promise<Dispatched> {
  const headerNs = typeof raw.headers['x-vault-namespace'] === 'string' ? (raw.headers['x-vault-namespace'] as string) : undefined;
  const { ns, path } = resolveNamespace(core, headerNs, raw.path);
  const out: Dispatched = { result: fail(404), namespace: ns?.name ?? trimSlashes(headerNs ?? ''), path, method: raw.method };
  try {
    out.result = await run(core, raw, ns, path, out);
  } catch (e) {
    out.result = e instanceof FieldError ? fail(400, e.message) : fail(500, 'internal error');
  }
  return out;
}

/**
 * X-Vault-Wrap-TTL (http/handler.go parseRequest): parseutil.ParseDurationSecond, so plain seconds or a
 * Go duration with a unit; 0 means no wrapping; checked before the request runs.
 */
function wrapTtlOf(headers: IncomingHttpHeaders): number | Result {
  const v = headers['x-vault-wrap-ttl'];
  if (typeof v !== 'string' || v === '') return 0;
  const ttl = parseDurationSecond(v);
  if (ttl instanceof Error) return fail(400, `error parsing X-Vault-Wrap-TTL header: ${ttl.message}`);
  if (ttl < 0) return fail(400, 'error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative');
  return Math.trunc(ttl);
}

async function run(core: ServerCore, raw: RawRequest, ns: Namespace | undefined, path: string, out: Dispatched): Promise<Result> {
  // The HTTP layer refuses unknown verbs and bad `list=` values before the core looks at the seal.
  if (!KNOWN_METHODS.has(raw.method)) return fail(405);
  if (raw.method === 'PATCH' && !core.patchSupported) return fail(405);
  let method = raw.method as Method;
  const list = raw.query.get('list');
  if (method === 'GET' && list !== null && list !== '') {
    const asBool = goBool(list);
    if (asBool === undefined) return fail(400);
    if (asBool) method = 'LIST';
  }
  out.method = method;
  const wrapTtl = wrapTtlOf(raw.headers);
  if (typeof wrapTtl !== 'number') return wrapTtl;

  let body: Record<string, unknown> = {};
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && raw.bodyText.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(raw.bodyText);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail(400, 'error parsing JSON');
      body = parsed as Record<string, unknown>;
    } catch {
      return fail(400, 'error parsing JSON');
    }
  }

  // With a token, Vault fails while checking it (vault/request_handling.go checkToken).
  if (core.sealed && !SEALED_OK.has(path)) return fail(503, tokenFrom(raw.headers) ? 'error performing token check: Vault is sealed' : 'Vault is sealed');
  if (!ns) return fail(404, 'namespace not found');
  // vault/request_handling.go handleCancelableRequest: writes to "foo/" are refused outright.
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && path.endsWith('/')) {
    return fail(400, "cannot write to a path ending in '/'");
  }

  const tokenId = tokenFrom(raw.headers);
  if (WRAPPING_TOKEN_PATHS.has(path)) {
    const invalid = validateWrappingToken(core, body, tokenId);
    if (invalid) return invalid;
  }

  const target = findTarget(ns, path);
  const ctx: Ctx = {
    core,
    ns,
    method,
    op: operationFor(method),
    path,
    query: raw.query,
    body,
    headers: raw.headers,
    peerCert: raw.peerCert,
    tls: raw.tls,
    mount: target?.mount,
    wrapTtl,
  };

  const unauthenticated = target?.backend.unauthenticated?.(target.sub) ?? false;
  // A token's last use revokes it once the request is done (vault/request_handling.go).
  let lastUse = false;
  if (!unauthenticated) {
    if (!tokenId) return fail(400, 'missing client token');
    const token = core.tokens.get(tokenId, core.clock.nowMs());
    const tokenNs = token ? core.findNamespace(token.nsPath) : undefined;
    if (!token || !tokenNs || !tokenNs.isSelfOrAncestorOf(ns)) return tokenDenied();
    ctx.token = token;
    out.tokenLabel = token.policies.includes('root') ? 'root' : token.displayName;
    if (HEADER_METHODS.has(raw.method) && path !== 'sys/health') return unsupported();
    if (target && ctx.op === 'update' && target.backend.exists && !target.backend.exists(ctx, target.sub)) ctx.op = 'create';
    if (!path.startsWith('sys/internal/ui/mounts')) {
      let aclPath = ns.path.slice(tokenNs.path.length) + path;
      if (method === 'LIST' && !aclPath.endsWith('/')) aclPath += '/';
      if (!tokenNs.acl(token.policies).allows(aclPath, ctx.op)) return aclDenied();
    }
    if (token.numUses > 0 && --token.numUses === 0) lastUse = true;
  } else if (tokenId) {
    ctx.token = core.tokens.get(tokenId, core.clock.nowMs());
  }

  try {
    if (!target) return noRoute(path);
    const login = unauthenticated && path.startsWith('auth/');
    if (HEADER_METHODS.has(raw.method) && path !== 'sys/health') return login ? loginError(unsupported()) : unsupported();
    let result = await target.backend.handle(ctx, target.sub);
    if (login) result = loginError(result);
    if (result.wrapAs) return wrapResult(ctx, result, result.wrapAs.ttl, result.wrapAs.creationPath);
    if (wrapTtl > 0 && result.status === 200 && ctx.token?.policies[0] !== 'response-wrapping') return wrapResult(ctx, result, wrapTtl);
    return result;
  } finally {
    if (lastUse && ctx.token) core.tokens.revoke(ctx.token);
  }
}

/** vault/request_handling.go handleLoginRequest returns a login's error as is, not as a multierror. */
function loginError(result: Result): Result {
  const errors = (result.body as { errors?: string[] } | undefined)?.errors;
  const m = errors?.length === 1 ? /^1 error occurred:\n\t\* ([\s\S]*)\n\n$/.exec(errors[0]) : null;
  return m ? { ...result, body: { errors: [m[1]] } } : result;
}

export { unsupported };

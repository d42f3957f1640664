import type { Ctx } from '../types';
import { vaultTime } from '../util/clock';
import { badRequest, envelope, ok, tokenDenied, unsupported, type Result } from '../util/respond';
import { parseDuration } from '../util/durations';

const INVALID = 'wrapping token is not valid or does not exist';

function bodyToken(ctx: Ctx): string | undefined {
  return typeof ctx.body.token === 'string' && ctx.body.token ? ctx.body.token : undefined;
}

function clientToken(ctx: Ctx): string | undefined {
  const header = ctx.headers['x-vault-token'];
  if (typeof header === 'string' && header) return header;
  const auth = ctx.headers.authorization;
  return typeof auth === 'string' && /^Bearer\s+/.test(auth) ? auth.replace(/^Bearer\s+/, '') || undefined : undefined;
}

/**
 * sys/wrapping/unwrap: returns the wrapped answer once, then the token is gone. The wrapping token
 * comes in the body (a third party unwraps: its own token must be valid) or as the client token,
 * which Vault then checks as a wrapping token, not as a login token (vault/wrapping.go).
 */
export function unwrap(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const { core } = ctx;
  const client = clientToken(ctx);
  if (!client) return badRequest('missing client token');
  const id = bodyToken(ctx) ?? client;
  if (id !== client && !core.tokens.get(client, core.clock.nowMs())) return tokenDenied();
  const token = id ? core.tokens.get(id, core.clock.nowMs()) : undefined;
  const wrapped = token ? core.wraps.get(token.id) : undefined;
  if (!token || !wrapped) return badRequest(INVALID);
  core.wraps.delete(token.id);
  core.tokens.revoke(token);
  return { status: 200, body: { ...wrapped.body, request_id: envelope().request_id } };
}

export function lookup(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const id = bodyToken(ctx) ?? clientToken(ctx);
  const { core } = ctx;
  const token = id ? core.tokens.get(id, core.clock.nowMs()) : undefined;
  const wrapped = token ? core.wraps.get(token.id) : undefined;
  if (!wrapped) return badRequest(INVALID);
  return ok({ creation_path: wrapped.creationPath, creation_time: vaultTime(wrapped.creationTimeMs), creation_ttl: wrapped.ttl });
}

/** sys/wrapping/wrap: the router wraps this answer when X-Vault-Wrap-TTL is set. */
export function wrap(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  // logical_system.go handleWrappingWrap: the router wraps the answer; without a wrap TTL nothing does.
  if (!wrapTtlRequested(ctx)) return badRequest('endpoint requires response wrapping to be used');
  return ok(ctx.body);
}

function wrapTtlRequested(ctx: Ctx): boolean {
  const v = ctx.headers['x-vault-wrap-ttl'];
  return typeof v === 'string' && (parseDuration(v.trim()) ?? 0) > 0;
}

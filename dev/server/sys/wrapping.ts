import type { Ctx } from '../types';
import { vaultTime } from '../util/clock';
import { badRequest, envelope, ok, unsupported, type Result } from '../util/respond';

const INVALID = 'wrapping token is not valid or does not exist';

function wrapToken(ctx: Ctx): string | undefined {
  if (typeof ctx.body.token === 'string' && ctx.body.token) return ctx.body.token;
  const header = ctx.headers['x-vault-token'];
  if (typeof header === 'string' && header) return header;
  const auth = ctx.headers.authorization;
  return typeof auth === 'string' ? auth.replace(/^Bearer\s+/i, '') : undefined;
}

/** sys/wrapping/unwrap: returns the wrapped answer once, then the token is gone. */
export function unwrap(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const id = wrapToken(ctx);
  const { core } = ctx;
  const token = id ? core.tokens.get(id, core.clock.nowMs()) : undefined;
  const wrapped = token ? core.wraps.get(token.id) : undefined;
  if (!token || !wrapped) return badRequest(INVALID);
  core.wraps.delete(token.id);
  core.tokens.revoke(token);
  return { status: 200, body: { ...wrapped.body, request_id: envelope().request_id } };
}

export function lookup(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const id = wrapToken(ctx);
  const { core } = ctx;
  const token = id ? core.tokens.get(id, core.clock.nowMs()) : undefined;
  const wrapped = token ? core.wraps.get(token.id) : undefined;
  if (!wrapped) return badRequest(INVALID);
  return ok({ creation_path: wrapped.creationPath, creation_time: vaultTime(wrapped.creationTimeMs), creation_ttl: wrapped.ttl });
}

/** sys/wrapping/wrap: the router wraps this answer when X-Vault-Wrap-TTL is set. */
export function wrap(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  if (typeof ctx.headers['x-vault-wrap-ttl'] !== 'string') return badRequest('wrap ttl must be supplied via X-Vault-Wrap-TTL header');
  return ok(ctx.body);
}

/**
 * sys/wrapping/*: the wrapped answer lives in the wrapping token's cubbyhole (`core.wraps`), which
 * dies with the token: single use, TTL, revocation (vault/logical_system.go, vault/wrapping.go).
 * The HTTP layer has already checked the wrapping token (validateWrappingToken below).
 */
import type { ServerCore, WrappedResponse } from '../core';
import type { Ctx } from '../types';
import type { TokenEntry } from '../state/token-store';
import { vaultTime } from '../util/clock';
import { badRequest, envelope, fail, ok, unsupported, type Result } from '../util/respond';

export const INVALID_WRAPPING_TOKEN = 'wrapping token is not valid or does not exist';
export const RESPONSE_WRAPPING_POLICY = 'response-wrapping';

/** The paths whose wrapping token Vault's HTTP handler checks before the request runs. */
export const WRAPPING_TOKEN_PATHS = new Set(['sys/wrapping/lookup', 'sys/wrapping/rewrap', 'sys/wrapping/unwrap']);

/** The wrapping token of a request: `token` in the body (a third party) or the client token. */
function wrappingTokenOf(body: Record<string, unknown>, clientToken: string | undefined): { id: string; thirdParty: boolean } | Error {
  if (body.token !== undefined && body.token !== null) {
    if (typeof body.token !== 'string') return new Error('could not decode token in request body');
    if (body.token === '') return new Error('empty token in request body');
    return { id: body.token, thirdParty: true };
  }
  return { id: clientToken ?? '', thirdParty: false };
}

/**
 * http/handler.go wrappingVerificationFunc -> vault/wrapping.go ValidateWrappingToken: a live token
 * whose only policy is response-wrapping, else 400 "wrapping token is not valid or does not exist".
 */
export function validateWrappingToken(core: ServerCore, body: Record<string, unknown>, clientToken: string | undefined): Result | undefined {
  const which = wrappingTokenOf(body, clientToken);
  if (which instanceof Error) return fail(400, `error validating wrapping token: ${which.message}`);
  if (which.id === '') return fail(400, 'error validating wrapping token: token is empty');
  const te = core.tokens.get(which.id, core.clock.nowMs());
  if (!te || te.policies.length !== 1 || te.policies[0] !== RESPONSE_WRAPPING_POLICY) return fail(400, INVALID_WRAPPING_TOKEN);
  return undefined;
}

function clientTokenId(ctx: Ctx): string | undefined {
  return ctx.token?.id;
}

/** The validated wrapping token and its cubbyhole; a third party's is used up by the call. */
function openCubbyhole(ctx: Ctx): { token: TokenEntry; wrapped: WrappedResponse; thirdParty: boolean } | Result {
  const { core } = ctx;
  const which = wrappingTokenOf(ctx.body, clientTokenId(ctx));
  if (which instanceof Error) return badRequest(which.message);
  const token = core.tokens.get(which.id, core.clock.nowMs());
  const wrapped = token ? core.wraps.get(token.id) : undefined;
  if (!token || !wrapped) return badRequest(INVALID_WRAPPING_TOKEN);
  return { token, wrapped, thirdParty: which.thirdParty };
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/**
 * sys/wrapping/unwrap: the wrapped answer, once. The wrapping token is the client token (used up by
 * the request itself) or `token` in the body, sent with a token of one's own (then revoked here).
 */
export function unwrap(ctx: Ctx): Result {
  if (!isWrite(ctx)) return unsupported();
  const opened = openCubbyhole(ctx);
  if ('status' in opened) return opened;
  const { core } = ctx;
  core.wraps.delete(opened.token.id);
  if (opened.thirdParty) core.tokens.revoke(opened.token);
  return { status: 200, body: { ...opened.wrapped.body, request_id: envelope().request_id } };
}

/** sys/wrapping/lookup (unauthenticated): when and where the wrapping token was made, and its TTL. */
export function lookup(ctx: Ctx): Result {
  if (!isWrite(ctx)) return unsupported();
  const opened = openCubbyhole(ctx);
  if ('status' in opened) return opened;
  const { wrapped } = opened;
  return ok({ creation_path: wrapped.creationPath, creation_time: vaultTime(wrapped.creationTimeMs), creation_ttl: wrapped.ttl });
}

/**
 * sys/wrapping/rewrap: the same answer behind a new wrapping token with the original TTL and creation
 * path (the router wraps it, see `rewrapOf`); the old token is revoked.
 */
export function rewrap(ctx: Ctx): Result {
  if (!isWrite(ctx)) return unsupported();
  const opened = openCubbyhole(ctx);
  if ('status' in opened) return opened;
  const { core } = ctx;
  core.wraps.delete(opened.token.id);
  core.tokens.revoke(opened.token);
  return { status: 200, body: opened.wrapped.body, wrapAs: { ttl: opened.wrapped.ttl, creationPath: opened.wrapped.creationPath } };
}

/** sys/wrapping/wrap: the router wraps this answer when X-Vault-Wrap-TTL is set. */
export function wrap(ctx: Ctx): Result {
  if (!isWrite(ctx)) return unsupported();
  // logical_system.go handleWrappingWrap: the router wraps the answer; without a wrap TTL nothing does.
  if (!ctx.wrapTtl) return badRequest('endpoint requires response wrapping to be used');
  return ok(ctx.body);
}

/** What the wrapping token's cubbyhole holds at `response`, as Vault stores it (the answer as JSON text). */
export function cubbyholeResponse(core: ServerCore, token: TokenEntry | undefined): Record<string, unknown> | undefined {
  const wrapped = token ? core.wraps.get(token.id) : undefined;
  return wrapped && { response: JSON.stringify(wrapped.body) };
}

import type { Ctx } from '../types';
import { vaultTime } from '../util/clock';
import { envelope, type Envelope, type Result } from '../util/respond';

/**
 * Response wrapping (`X-Vault-Wrap-TTL`): stores the answer behind a single-use token whose only
 * policy is response-wrapping. `creationPath` is the request's path except for a rewrap, which keeps
 * the original one.
 */
export function wrapResult(ctx: Ctx, result: Result, ttl: number, creationPath = ctx.path): Result {
  const { core } = ctx;
  const now = core.clock.nowMs();
  const token = core.tokens.create({
    policies: ['response-wrapping'],
    nsPath: ctx.ns.path,
    displayName: '',
    path: ctx.path,
    meta: null,
    creationTimeMs: now,
    creationTtl: ttl,
    expireAtMs: now + ttl * 1000,
    maxExpireAtMs: now + ttl * 1000,
    explicitMaxTtl: 0,
    renewable: false,
    type: 'service',
    numUses: 1,
    orphan: true,
    entityId: '',
    renewTtl: 0,
  });
  const body = result.body as Envelope;
  core.wraps.set(token.id, { body: body as unknown as Record<string, unknown>, creationPath, creationTimeMs: now, ttl });
  // vault/request_handling.go sets WrappedAccessor from a wrapped login's token only.
  const auth = (body.auth ?? {}) as Record<string, unknown>;
  const wrappedAccessor = String(auth.accessor ?? '');
  const wrapInfo: Record<string, unknown> = {
    token: token.id,
    accessor: token.accessor,
    ttl,
    creation_time: vaultTime(now),
    creation_path: creationPath,
  };
  // HTTPWrapInfo.WrappedAccessor is `omitempty` (sdk/logical/response.go).
  if (wrappedAccessor) wrapInfo.wrapped_accessor = wrappedAccessor;
  // http/logical.go respondLogical builds a bare HTTPResponse for wrapped answers: no request_id.
  return { status: 200, body: { ...envelope({ wrap_info: wrapInfo }), request_id: '' } };
}

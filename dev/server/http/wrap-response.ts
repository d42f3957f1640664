import type { Ctx } from '../types';
import { parseDuration } from '../util/durations';
import { vaultTime } from '../util/clock';
import { fail, ok, type Envelope, type Result } from '../util/respond';

/** Response wrapping (`X-Vault-Wrap-TTL`): stores the answer behind a single-use token. */
export function wrapResult(ctx: Ctx, result: Result, ttlText: string): Result {
  const ttl = parseDuration(ttlText);
  if (ttl === undefined || Number.isNaN(ttl) || ttl <= 0) return fail(400, 'error parsing X-Vault-Wrap-TTL header');
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
  core.wraps.set(token.id, { body: body as unknown as Record<string, unknown>, creationPath: ctx.path, creationTimeMs: now, ttl });
  const data = (body.data ?? {}) as Record<string, unknown>;
  const auth = (body.auth ?? {}) as Record<string, unknown>;
  const wrappedAccessor = String(data.secret_id_accessor ?? auth.accessor ?? '');
  return ok(null, {
    wrap_info: {
      token: token.id,
      accessor: token.accessor,
      ttl,
      creation_time: vaultTime(now),
      creation_path: ctx.path,
      wrapped_accessor: wrappedAccessor,
    },
  });
}

import { createHash } from 'node:crypto';
import type { Ctx } from '../types';
import type { Renewer, TokenEntry } from '../state/token-store';
import { SYSTEM_MAX_TTL } from '../constants';
import type { ServerCore } from '../core';
import { ok, type Result } from '../util/respond';
import type { TokenFields } from './token-fields';
import { calculateTtl } from '../util/lease';

export interface IssueSpec {
  /** A custom token id (auth/token/create `id`, sudo only). */
  id?: string;
  displayName: string;
  /** Creating path, e.g. `auth/approle/login`. */
  path: string;
  policies: string[];
  noDefaultPolicy?: boolean;
  meta: Record<string, string> | null;
  /** Seconds; 0 = the system default (768h) or, for root tokens, never. */
  ttl: number;
  /** Seconds; 0 = the system max (768h). */
  maxTtl: number;
  /** The explicit max TTL applied; `entryExplicitMaxTtl` is what the token shows (default: the same). */
  explicitMaxTtl?: number;
  entryExplicitMaxTtl?: number;
  /** The period applied (a periodic token); `entryPeriod` is what the token shows (default: the same). */
  period?: number;
  entryPeriod?: number;
  type?: string;
  numUses?: number;
  renewable?: boolean;
  orphan: boolean;
  parentId?: string;
  /** Identity alias the entity id derives from; none = no entity. */
  entityAlias?: string;
  renewer?: Renewer;
}

export function normalizePolicies(policies: string[], noDefault = false): string[] {
  const set = new Set(policies.map((p) => p.trim().toLowerCase()).filter(Boolean));
  if (set.has('root')) return ['root'];
  if (!noDefault) set.add('default');
  return [...set].sort();
}

/** A stable uuid-shaped entity id per alias, so repeated logins map to one entity. */
function entityId(alias: string): string {
  const h = createHash('sha256').update(alias).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A new token and the warnings Vault's TTL calculation gave (a TTL or period capped at the max TTL). */
export function issueToken(ctx: Ctx, spec: IssueSpec): { token: TokenEntry; warnings: string[] } {
  const now = ctx.core.clock.nowMs();
  const policies = normalizePolicies(spec.policies, spec.noDefaultPolicy);
  const isRoot = policies.includes('root');
  const batch = spec.type === 'batch' || spec.type === 'default-batch';
  const explicit = spec.explicitMaxTtl ?? 0;
  const period = spec.period ?? 0;
  let maxTtl = spec.maxTtl > 0 ? Math.min(spec.maxTtl, SYSTEM_MAX_TTL) : SYSTEM_MAX_TTL;
  if (explicit > 0) maxTtl = Math.min(maxTtl, explicit);
  // vault/token_store.go: a root token without a TTL or period never expires (unless it has an explicit max TTL).
  let { ttl, warnings } =
    period > 0 || spec.ttl > 0 || !isRoot
      ? calculateTtl({ increment: 0, backendTtl: spec.ttl, period, backendMaxTtl: spec.maxTtl, explicitMaxTtl: explicit, nowMs: now })
      : { ttl: 0, warnings: [] as string[] };
  if (ttl === 0 && explicit > 0) ttl = explicit;
  const neverExpires = ttl === 0;
  const token = ctx.core.tokens.create({
    id: spec.id,
    policies,
    nsPath: ctx.ns.path,
    displayName: spec.displayName,
    path: spec.path,
    meta: spec.meta,
    creationTimeMs: now,
    creationTtl: ttl,
    expireAtMs: neverExpires ? 0 : now + ttl * 1000,
    maxExpireAtMs: neverExpires ? 0 : (Math.floor(now / 1000) + maxTtl) * 1000,
    explicitMaxTtl: spec.entryExplicitMaxTtl ?? explicit,
    period: spec.entryPeriod ?? period,
    renewable: !batch && !neverExpires && (spec.renewable ?? true),
    type: batch ? 'batch' : 'service',
    numUses: spec.numUses ?? 0,
    orphan: spec.orphan,
    entityId: spec.entityAlias ? entityId(`${ctx.ns.path}${spec.entityAlias}`) : '',
    parentId: spec.parentId,
    renewTtl: ttl,
    backendMaxTtl: spec.maxTtl,
    renewer: spec.renewer,
  });
  return { token, warnings };
}

/** The `auth` block of a login/create/renew answer; `leaseDuration` defaults to the TTL the token was issued with. */
export function authBlock(core: ServerCore, t: TokenEntry, leaseDuration = t.creationTtl): Record<string, unknown> {
  return {
    client_token: t.id,
    accessor: t.accessor,
    policies: t.policies,
    token_policies: t.policies,
    metadata: t.meta,
    lease_duration: leaseDuration,
    renewable: t.renewable,
    entity_id: t.entityId,
    token_type: t.type,
    orphan: t.orphan,
  };
}

/** Issues the token an auth method's login grants, from its role/user token_* settings. */
export function loginResult(
  ctx: Ctx,
  mountPath: string,
  fields: TokenFields,
  extra: { displaySuffix: string; meta: Record<string, string> | null; alias: string; renewer?: Renewer },
): Result {
  // Vault names login tokens `<mount>-<who>` (mount slashes become dashes), e.g. `userpass-alice`.
  const mountName = mountPath.replace(/\/$/, '').replace(/\//g, '-');
  const { token: t, warnings } = issueToken(ctx, {
    displayName: extra.displaySuffix ? `${mountName}-${extra.displaySuffix}` : mountName,
    // vault/request_handling.go handleLoginRequest: the token's path is the request's, e.g. auth/userpass/login/alice
    path: ctx.path,
    policies: fields.token_policies,
    noDefaultPolicy: fields.token_no_default_policy,
    meta: extra.meta,
    ttl: fields.token_ttl,
    maxTtl: fields.token_max_ttl,
    explicitMaxTtl: fields.token_explicit_max_ttl,
    period: fields.token_period,
    type: fields.token_type,
    numUses: fields.token_num_uses,
    orphan: true,
    entityAlias: `${mountPath}${extra.alias}`,
    renewer: extra.renewer,
  });
  return ok(null, { auth: authBlock(ctx.core, t), warnings });
}

/**
 * auth/token/create, create-orphan and create/<role>, in Vault 1.8's order and with its texts
 * (vault/token_store.go handleCreateCommon): parent checks, token type, uses, display name, id,
 * policies (role rules, parent subset, sudo), orphan, explicit max TTL, period, TTL, then the TTL
 * calculation (framework.CalculateTTL).
 */
import type { Ctx } from '../types';
import type { RenewGrant, TokenEntry } from '../state/token-store';
import { parseDurationSecond } from '../util/field-schema';
import { badRequest, ok, type Result } from '../util/respond';
import { authBlock, issueToken } from './issue';
import { stringList } from './token-fields';
import { rolePolicies, sanitizePolicies, type TokenRole } from './token-roles';

/** Policies Vault never puts on a token (vault/token_store.go nonAssignablePolicies). */
const NON_ASSIGNABLE = ['response-wrapping', 'control-group'];

const refuse = (text: string) => badRequest(text);

/** mapstructure.WeakDecode of a bool (`true`, "true", 1...). */
function weakBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
  return false;
}

/** mapstructure.WeakDecode of an int (a JSON number, a numeric string, a bool). */
function weakInt(v: unknown): number | Error {
  if (v === undefined || v === null || v === '') return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return Number(v.trim());
  return new Error(`cannot parse 'num_uses' as int`);
}

/** A duration field of the create call: absent/empty = undefined; mapstructure turns numbers into text. */
function durationOf(v: unknown): number | undefined | Error {
  if (v === undefined || v === null || v === '') return undefined;
  return parseDurationSecond(typeof v === 'number' ? String(v) : v);
}

/** token_store.go: anything but [a-zA-Z0-9-] becomes '-', then strings.TrimSuffix(full, "-") drops one trailing '-'. */
function sanitizeDisplayName(name: string): string {
  const full = `token-${name}`.replace(/[^a-zA-Z0-9-]/gu, '-'); // per code point, as Go's regexp reads runes
  return full.endsWith('-') ? full.slice(0, -1) : full;
}

const isSubset = (superset: string[], subset: string[]) => subset.every((p) => superset.includes(p));

export interface CreateOptions {
  orphan: boolean;
  role?: TokenRole;
  /** The token role as it is now (renewals re-read it). */
  roleNamed: (name: string) => TokenRole | undefined;
}

export function createToken(ctx: Ctx, opts: CreateOptions): Result {
  const { role } = opts;
  const parent = ctx.token!;
  const b = ctx.body;
  if (parent.type === 'batch') return refuse('batch tokens cannot create more tokens');
  // A token with limited uses cannot escape its count through children.
  if (parent.numUses > 0) return refuse('restricted use token cannot generate child tokens');
  const parentIsRoot = parent.policies.includes('root');
  const isSudo = parentIsRoot || ctx.ns.acl(parent.policies).allows(ctx.path.replace(/\/$/, ''), 'sudo');

  let typeText = b.type === undefined || b.type === null ? '' : String(b.type);
  if (role) {
    if (role.token_type === 'default-batch' && typeText === '') typeText = 'batch';
    else if (role.token_type === 'service' || role.token_type === 'batch') typeText = role.token_type;
  }
  let renewable = b.renewable === undefined || b.renewable === null ? true : weakBool(b.renewable);
  if (role && !role.renewable) renewable = false;
  let type: 'service' | 'batch' = 'service';
  if (typeText === 'batch') {
    const explicit = durationOf(b.explicit_max_ttl);
    const period = durationOf(b.period);
    let bad = '';
    if (explicit instanceof Error) return refuse('"explicit_max_ttl" value could not be parsed');
    if (explicit) bad = 'explicit_max_ttl';
    else if (b.num_uses !== undefined && weakInt(b.num_uses) !== 0) bad = 'num_uses';
    else if (period instanceof Error) return refuse('"period" value could not be parsed');
    else if (period) bad = 'period';
    if (bad) return refuse(`batch tokens cannot have "${bad}" set`);
    type = 'batch';
    renewable = false;
  } else if (typeText !== '' && typeText !== 'service') return refuse("invalid 'token_type' value");

  const numUses = weakInt(b.num_uses);
  if (numUses instanceof Error) return refuse(`Error decoding request: ${numUses.message}`);
  if (numUses < 0) return refuse('number of uses cannot be negative');

  const displayName = typeof b.display_name === 'string' && b.display_name ? sanitizeDisplayName(b.display_name) : 'token';
  const warnings: string[] = [];
  let id: string | undefined;
  if (typeof b.id === 'string' && b.id) {
    if (!isSudo) return refuse('root or sudo privileges required to specify token id');
    if (ctx.ns.path !== '') return refuse('token IDs can only be manually specified in the root namespace');
    id = b.id;
  }

  const noDefault = weakBool(b.no_default_policy);
  const requested = stringList(b.policies);
  let policies: string[];
  let addDefault = false;
  if (role && (role.allowed_policies.length || role.disallowed_policies.length)) {
    const fromRole = rolePolicies(role, requested, parent.policies, noDefault);
    if (typeof fromRole === 'string') return refuse(fromRole);
    policies = fromRole;
  } else if (requested.length === 0) {
    // no policies asked for: the parent's, with default only when the parent has it
    policies = sanitizePolicies(parent.policies, false);
  } else if (!isSudo) {
    const asked = sanitizePolicies(requested, false);
    if (!isSubset(sanitizePolicies(parent.policies, false), asked)) return refuse('child policies must be subset of parent');
    policies = asked;
    addDefault = !noDefault && parent.policies.includes('default');
  } else {
    policies = requested;
    addDefault = !noDefault;
  }
  policies = sanitizePolicies(policies, addDefault);
  if (noDefault) policies = policies.filter((p) => p !== 'default');
  const forbidden = policies.find((p) => NON_ASSIGNABLE.includes(p));
  if (forbidden) return refuse(`cannot assign policy ${JSON.stringify(forbidden)}`);
  if (policies.includes('root')) {
    if (!parentIsRoot) return refuse('root tokens may not be created without parent token being root');
    if (type === 'batch') return refuse('batch tokens cannot be root tokens');
  }

  let orphan = opts.orphan;
  if (role) orphan = role.orphan || opts.orphan;
  else if (weakBool(b.no_parent)) {
    if (!isSudo) return refuse('root or sudo privileges required to create orphan token');
    orphan = true;
  }

  const explicit = durationOf(b.explicit_max_ttl);
  if (explicit instanceof Error) return refuse(explicit.message);
  if (explicit !== undefined && explicit < 0) return refuse('explicit_max_ttl must be positive');
  let explicitToUse = explicit ?? 0;
  const periodAsked = durationOf(b.period);
  if (periodAsked instanceof Error) return refuse(periodAsked.message);
  if (periodAsked !== undefined && periodAsked < 0) return refuse('period must be positive');
  if (periodAsked && !isSudo) return refuse('root or sudo privileges required to create periodic token');
  let periodToUse = periodAsked ?? 0;
  let ttl = durationOf(b.ttl);
  if (ttl instanceof Error) return refuse(ttl.message);
  if (ttl !== undefined && ttl < 0) return refuse('ttl must be positive');
  if (ttl === undefined && typeof b.lease === 'string' && b.lease) {
    const lease = parseDurationSecond(b.lease);
    if (lease instanceof Error) return refuse(lease.message);
    if (lease < 0) return refuse('lease must be positive');
    ttl = lease;
  }

  if (role && type !== 'batch') {
    if (role.token_explicit_max_ttl) {
      if (!explicitToUse) explicitToUse = role.token_explicit_max_ttl;
      else {
        explicitToUse = Math.min(explicitToUse, role.token_explicit_max_ttl);
        warnings.push(`Explicit max TTL specified both during creation call and in role; using the lesser value of ${explicitToUse} seconds`);
      }
    }
    if (role.token_period) {
      if (!periodToUse) periodToUse = role.token_period;
      else {
        periodToUse = Math.min(periodToUse, role.token_period);
        warnings.push(`Period specified both during creation call and in role; using the lesser value of ${periodToUse} seconds`);
      }
    }
  }

  const willNotExpire = !periodToUse && !ttl && !explicitToUse && policies.includes('root');
  if (willNotExpire && parent.expireAtMs !== 0) return refuse('expiring root tokens cannot create non-expiring root tokens');

  const roleName = role?.name;
  const { token, warnings: ttlWarnings } = issueToken(ctx, {
    id,
    displayName,
    path: role ? `auth/token/create/${role.name}${role.path_suffix ? `/${role.path_suffix}` : ''}` : ctx.path.replace(/\/$/, ''),
    policies,
    noDefaultPolicy: true,
    meta: metaOf(b.meta),
    ttl: ttl ?? 0,
    maxTtl: 0,
    explicitMaxTtl: explicitToUse,
    entryExplicitMaxTtl: explicit ?? 0,
    period: periodToUse,
    entryPeriod: periodAsked ?? 0,
    type,
    numUses,
    renewable,
    orphan,
    parentId: orphan || type === 'batch' ? undefined : parent.id,
    renewer: (_ctx, t) => renewGrant(t, roleName === undefined ? undefined : opts.roleNamed(roleName), roleName),
  });
  if (role) token.role = role.name;
  if (id) warnings.push('Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.');
  return ok(null, { auth: authBlock(ctx.core, token, token.creationTtl), warnings: [...warnings, ...ttlWarnings] });
}

function metaOf(v: unknown): Record<string, string> | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/** token_store.go authRenew: the entry's period and explicit max TTL, the role's when it has them. */
function renewGrant(t: TokenEntry, role: TokenRole | undefined, roleName: string | undefined): RenewGrant | Error {
  if (roleName !== undefined && !role) return new Error(`original token role ${JSON.stringify(roleName)} could not be found, not renewing`);
  return {
    ttl: t.renewTtl,
    maxTtl: 0,
    period: role?.token_period || t.period || 0,
    explicitMaxTtl: role?.token_explicit_max_ttl || t.explicitMaxTtl,
  };
}


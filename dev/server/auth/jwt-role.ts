/**
 * auth/<jwt>/role/<name> as vault-plugin-auth-jwt v0.10 (Vault 1.8) writes and reads it
 * (path_role.go pathRoleCreateUpdate / pathRoleRead), with its checks in its order.
 */
import { readFields, type Schema } from '../util/field-schema';
import { applyTokenFields, defaultTokenFields, tokenFieldsJson, type TokenFields } from './token-fields';

export interface JwtRole extends TokenFields {
  role_type: string;
  expiration_leeway: number;
  not_before_leeway: number;
  clock_skew_leeway: number;
  bound_audiences: string[] | null;
  bound_subject: string;
  bound_claims_type: string;
  bound_claims: Record<string, unknown> | null;
  claim_mappings: Record<string, string> | null;
  user_claim: string;
  groups_claim: string;
  oidc_scopes: string[] | null;
  allowed_redirect_uris: string[] | null;
  verbose_oidc_logging: boolean;
  max_age: number;
  /** Deprecated names the role was written with, shown back on read. */
  legacy: Record<string, unknown>;
}

const SCHEMA: Schema = {
  role_type: 'string',
  expiration_leeway: 'signedDuration',
  not_before_leeway: 'signedDuration',
  clock_skew_leeway: 'signedDuration',
  bound_subject: 'string',
  bound_audiences: 'commaStrings',
  bound_claims_type: 'string',
  bound_claims: 'map',
  claim_mappings: 'kvPairs',
  user_claim: 'string',
  groups_claim: 'string',
  oidc_scopes: 'commaStrings',
  allowed_redirect_uris: 'commaStrings',
  verbose_oidc_logging: 'bool',
  max_age: 'duration',
  policies: 'commaStrings',
  token_policies: 'commaStrings',
  ttl: 'duration',
  max_ttl: 'duration',
  token_ttl: 'duration',
  token_max_ttl: 'duration',
  token_explicit_max_ttl: 'duration',
  period: 'duration',
  token_period: 'duration',
  num_uses: 'int',
  token_num_uses: 'int',
  token_no_default_policy: 'bool',
  bound_cidrs: 'commaStrings',
  token_bound_cidrs: 'commaStrings',
  token_type: 'string',
};

const LEGACY: [string, string][] = [['policies', 'token_policies'], ['ttl', 'token_ttl'], ['max_ttl', 'token_max_ttl'], ['period', 'token_period'], ['num_uses', 'token_num_uses'], ['bound_cidrs', 'token_bound_cidrs']];

export function newRole(): JwtRole {
  return {
    ...defaultTokenFields(),
    role_type: '',
    expiration_leeway: 0,
    not_before_leeway: 0,
    clock_skew_leeway: 0,
    bound_audiences: null,
    bound_subject: '',
    bound_claims_type: 'string',
    bound_claims: null,
    claim_mappings: null,
    user_claim: '',
    groups_claim: '',
    oidc_scopes: null,
    allowed_redirect_uris: null,
    verbose_oidc_logging: false,
    max_age: 0,
    legacy: {},
  };
}

/** Applies a write to a copy of `role`; the updated role, or the error text (400). */
export function writeRole(current: JwtRole | undefined, body: Record<string, unknown>): { role: JwtRole; warnings: string[] } | string {
  const f = readFields(body, SCHEMA);
  const r: JwtRole = current ? { ...current, legacy: { ...current.legacy } } : newRole();
  // an absent role_type is "oidc", on an update too
  const roleType = (f.role_type as string | undefined) || 'oidc';
  if (roleType !== 'jwt' && roleType !== 'oidc') return `invalid 'role_type': ${roleType}`;
  r.role_type = roleType;
  applyTokenFields(r, body);
  for (const [old, current_] of LEGACY) if (old in f && !(current_ in f)) r.legacy[old] = f[old];
  for (const k of ['expiration_leeway', 'not_before_leeway', 'clock_skew_leeway', 'max_age'] as const) if (k in f) r[k] = f[k] as number;
  if ('bound_audiences' in f) r.bound_audiences = f.bound_audiences as string[];
  if ('bound_subject' in f) r.bound_subject = f.bound_subject as string;
  if ('verbose_oidc_logging' in f) r.verbose_oidc_logging = f.verbose_oidc_logging as boolean;
  // data.Get: an absent bound_claims_type is the default "string", on an update too
  const claimsType = (f.bound_claims_type as string | undefined) ?? 'string';
  if (claimsType !== 'string' && claimsType !== 'glob') return `invalid 'bound_claims_type': ${claimsType}`;
  r.bound_claims_type = claimsType;
  if ('bound_claims' in f) {
    r.bound_claims = f.bound_claims as Record<string, unknown>;
    if (claimsType === 'glob') {
      for (const v of Object.values(r.bound_claims)) {
        const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
        if (!list) return `claim is not a string or list: ${String(v)}`;
        const bad = list.find((x) => typeof x !== 'string');
        if (bad !== undefined) return `claim is not a string: ${String(bad)}`;
      }
    }
  }
  if ('claim_mappings' in f) {
    const seen = new Set<string>();
    for (const target of Object.values(f.claim_mappings as Record<string, string>)) {
      if (target === 'role') return `metadata key "role" is reserved and may not be a mapping destination`;
      if (seen.has(target)) return `multiple keys are mapped to metadata key ${JSON.stringify(target)}`;
      seen.add(target);
    }
    r.claim_mappings = f.claim_mappings as Record<string, string>;
  }
  if ('user_claim' in f) r.user_claim = f.user_claim as string;
  if (!r.user_claim) return 'a user claim must be defined on the role';
  if ('groups_claim' in f) r.groups_claim = f.groups_claim as string;
  if ('oidc_scopes' in f) r.oidc_scopes = f.oidc_scopes as string[];
  if ('allowed_redirect_uris' in f) r.allowed_redirect_uris = f.allowed_redirect_uris as string[];
  if (r.role_type === 'oidc' && !r.allowed_redirect_uris?.length) return "'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.";
  if (r.role_type !== 'oidc' && !r.bound_audiences?.length && !r.token_bound_cidrs.length && !r.bound_subject && !Object.keys(r.bound_claims ?? {}).length)
    return 'must have at least one bound constraint when creating/updating a role';
  const warnings: string[] = [];
  if (r.token_max_ttl > 2764800) warnings.push("token max ttl is greater than the system or backend mount's maximum TTL value; issued tokens' max TTL value will be truncated");
  if (r.verbose_oidc_logging)
    warnings.push('verbose_oidc_logging has been enabled for this role. This is not recommended in production since sensitive information may be present in OIDC responses.');
  return { role: r, warnings };
}

export function roleJson(r: JwtRole): Record<string, unknown> {
  return {
    role_type: r.role_type,
    expiration_leeway: r.expiration_leeway,
    not_before_leeway: r.not_before_leeway,
    clock_skew_leeway: r.clock_skew_leeway,
    bound_audiences: r.bound_audiences,
    bound_subject: r.bound_subject,
    bound_claims_type: r.bound_claims_type,
    bound_claims: r.bound_claims,
    claim_mappings: r.claim_mappings,
    user_claim: r.user_claim,
    groups_claim: r.groups_claim,
    allowed_redirect_uris: r.allowed_redirect_uris,
    oidc_scopes: r.oidc_scopes,
    verbose_oidc_logging: r.verbose_oidc_logging,
    max_age: r.max_age,
    ...tokenFieldsJson(r),
    ...r.legacy,
  };
}

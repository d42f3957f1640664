/**
 * auth/token/roles/<name> as Vault 1.8's token store writes and reads them
 * (vault/token_store.go tokenStoreRoleCreateUpdate / tokenStoreRoleRead), and the policy rules a
 * role puts on auth/token/create/<name> (handleCreateCommon), with their texts.
 */
import { SYSTEM_MAX_TTL } from '../constants';
import { readFields, type Schema } from '../util/field-schema';

export interface TokenRole {
  name: string;
  allowed_policies: string[];
  disallowed_policies: string[];
  orphan: boolean;
  renewable: boolean;
  path_suffix: string;
  /** Seconds; the deprecated field and its token_ successor, both shown on read. */
  period: number;
  token_period: number;
  explicit_max_ttl: number;
  token_explicit_max_ttl: number;
  token_type: string;
  allowed_entity_aliases: string[] | null;
  bound_cidrs: string[];
  token_bound_cidrs: string[];
}

const SCHEMA: Schema = {
  allowed_policies: 'commaStrings',
  disallowed_policies: 'commaStrings',
  orphan: 'bool',
  renewable: 'bool',
  path_suffix: 'string',
  period: 'duration',
  token_period: 'duration',
  explicit_max_ttl: 'duration',
  token_explicit_max_ttl: 'duration',
  token_type: 'string',
  allowed_entity_aliases: 'commaStrings',
  bound_cidrs: 'commaStrings',
  token_bound_cidrs: 'commaStrings',
  token_num_uses: 'int',
  token_no_default_policy: 'bool',
};

/** strutil.RemoveDuplicates(list, lowercase=true): trimmed, lowercased, no empties, sorted. */
export function removeDuplicates(list: string[]): string[] {
  return [...new Set(list.map((p) => p.trim().toLowerCase()).filter(Boolean))].sort();
}

/** policyutil.SanitizePolicies: root swallows everything; default added on request. */
export function sanitizePolicies(list: string[], addDefault: boolean): string[] {
  let out = list.map((p) => p.trim().toLowerCase()).filter(Boolean);
  if (out.includes('root')) out = ['root'];
  else if (addDefault && !out.includes('default')) out.push('default');
  return removeDuplicates(out);
}

const PATH_SUFFIX = /\w[\w\-.]+\w/;
const TOKEN_TYPES: Record<string, string> = { service: 'service', batch: 'batch', 'default-service': 'default-service', 'default-batch': 'default-batch' };

/** The role after a write, with its warnings, or the error text (400). */
export function writeTokenRole(name: string, current: TokenRole | undefined, body: Record<string, unknown>): { role: TokenRole; warnings: string[] } | string {
  const f = readFields(body, SCHEMA);
  const create = !current;
  const r: TokenRole = current
    ? { ...current }
    : {
        name,
        allowed_policies: [],
        disallowed_policies: [],
        orphan: false,
        renewable: true,
        path_suffix: '',
        period: 0,
        token_period: 0,
        explicit_max_ttl: 0,
        token_explicit_max_ttl: 0,
        token_type: 'default-service',
        allowed_entity_aliases: null,
        bound_cidrs: [],
        token_bound_cidrs: [],
      };
  if ('orphan' in f) r.orphan = f.orphan as boolean;
  if ('renewable' in f) r.renewable = f.renewable as boolean;
  if ('path_suffix' in f) {
    const suffix = f.path_suffix as string;
    if (suffix !== '' && !PATH_SUFFIX.test(suffix)) return `given role path suffix contains invalid characters; must match ${PATH_SUFFIX.source.replace('\\-', '-')}`;
    r.path_suffix = suffix;
  }
  if (r.path_suffix.includes('..')) return 'error registering path suffix: path cannot contain parent references';
  if ('allowed_policies' in f || create) r.allowed_policies = sanitizePolicies((f.allowed_policies as string[]) ?? [], false);
  if ('disallowed_policies' in f || create) r.disallowed_policies = removeDuplicates((f.disallowed_policies as string[]) ?? []);
  if ('token_type' in body) {
    if (body.token_type === null) return "Invalid 'token_type' value: null";
    const t = TOKEN_TYPES[f.token_type as string];
    if (!t) return `invalid 'token_type' value ${JSON.stringify(f.token_type)}`;
    r.token_type = t;
  }
  const warnings: string[] = [];
  const both = (current_: string, old: string) => `Both '${current_}' and deprecated '${old}' value supplied, ignoring the deprecated value`;
  if ('token_period' in f) {
    if ('period' in f) warnings.push(both('token_period', 'period'));
    r.token_period = f.token_period as number;
    r.period = 0;
  } else if ('period' in f) r.period = r.token_period = f.period as number;
  if ('token_bound_cidrs' in f) {
    if ('bound_cidrs' in f) warnings.push(both('token_bound_cidrs', 'bound_cidrs'));
    r.token_bound_cidrs = f.token_bound_cidrs as string[];
    r.bound_cidrs = [];
  } else if ('bound_cidrs' in f) r.bound_cidrs = r.token_bound_cidrs = f.bound_cidrs as string[];
  let finalExplicit = r.token_explicit_max_ttl;
  if ('token_explicit_max_ttl' in f) {
    if ('explicit_max_ttl' in f) warnings.push(both('token_explicit_max_ttl', 'explicit_max_ttl'));
    r.token_explicit_max_ttl = finalExplicit = f.token_explicit_max_ttl as number;
    r.explicit_max_ttl = 0;
  } else {
    if ('explicit_max_ttl' in f) r.explicit_max_ttl = r.token_explicit_max_ttl = f.explicit_max_ttl as number;
    finalExplicit = r.explicit_max_ttl;
  }
  if (finalExplicit > SYSTEM_MAX_TTL)
    warnings.push(
      `Given explicit max TTL of ${finalExplicit} is greater than system/mount allowed value of ${SYSTEM_MAX_TTL} seconds; until this is fixed attempting to create tokens against this role will result in an error`,
    );
  if (r.token_type === 'batch') {
    if (!r.orphan) return "'token_type' cannot be 'batch' when role is set to generate non-orphan tokens";
    if (r.period || r.token_period) return "'token_type' cannot be 'batch' when role is set to generate periodic tokens";
    if (r.renewable) return "'token_type' cannot be 'batch' when role is set to generate renewable tokens";
    if (r.explicit_max_ttl || r.token_explicit_max_ttl) return "'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL";
  }
  if ('allowed_entity_aliases' in f) r.allowed_entity_aliases = removeDuplicates(f.allowed_entity_aliases as string[]);
  return { role: r, warnings };
}

export function tokenRoleJson(r: TokenRole): Record<string, unknown> {
  const out: Record<string, unknown> = {
    period: r.period,
    token_period: r.token_period,
    explicit_max_ttl: r.explicit_max_ttl,
    token_explicit_max_ttl: r.token_explicit_max_ttl,
    disallowed_policies: r.disallowed_policies,
    allowed_policies: r.allowed_policies,
    name: r.name,
    orphan: r.orphan,
    path_suffix: r.path_suffix,
    renewable: r.renewable,
    token_type: r.token_type,
    allowed_entity_aliases: r.allowed_entity_aliases,
  };
  if (r.token_bound_cidrs.length) out.token_bound_cidrs = r.token_bound_cidrs;
  if (r.bound_cidrs.length) out.bound_cidrs = r.bound_cidrs;
  return out;
}

const goList = (l: string[]) => `[${l.map((p) => JSON.stringify(p)).join(' ')}]`;

/**
 * The token's policies under a role with allowed or disallowed policies, or the refusal text.
 * `requested` is the create request's policies (empty: none asked for).
 */
export function rolePolicies(role: TokenRole, requested: string[], parent: string[], noDefault: boolean): string[] | string {
  const addDefault = !noDefault && !role.disallowed_policies.includes('default');
  let final = requested.length ? sanitizePolicies(requested, addDefault) : [];
  if (role.allowed_policies.length) {
    const allowed = sanitizePolicies(role.allowed_policies, addDefault);
    if (!final.length) final = allowed;
    else if (!final.every((p) => allowed.includes(p))) return `token policies (${goList(final)}) must be subset of the role's allowed policies (${goList(allowed)})`;
  } else if (!final.length) final = sanitizePolicies(parent, addDefault);
  const denied = final.find((p) => role.disallowed_policies.includes(p));
  if (denied !== undefined) return `token policy ${JSON.stringify(denied)} is disallowed by this role`;
  return final;
}

import { durationField, FieldError } from '../util/durations';

/** The token_* settings every auth method role/user shares (Vault's tokenutil). */
export interface TokenFields {
  token_policies: string[];
  token_ttl: number;
  token_max_ttl: number;
  token_explicit_max_ttl: number;
  token_type: string;
  token_num_uses: number;
  token_no_default_policy: boolean;
  token_period: number;
  token_bound_cidrs: string[];
}

export const defaultTokenFields = (): TokenFields => ({
  token_policies: [],
  token_ttl: 0,
  token_max_ttl: 0,
  token_explicit_max_ttl: 0,
  token_type: 'default',
  token_num_uses: 0,
  token_no_default_policy: false,
  token_period: 0,
  token_bound_cidrs: [],
});

export function stringList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  return String(value).split(',').map((s) => s.trim()).filter(Boolean);
}

/** Applies the token_* fields present in `body` (legacy `policies`, `ttl`, `max_ttl` too). */
export function applyTokenFields(target: TokenFields, body: Record<string, unknown>): void {
  if (body.token_policies !== undefined) target.token_policies = stringList(body.token_policies);
  else if (body.policies !== undefined) target.token_policies = stringList(body.policies);
  const ttl = durationField(body, body.token_ttl !== undefined ? 'token_ttl' : 'ttl');
  if (ttl !== undefined) target.token_ttl = ttl;
  const max = durationField(body, body.token_max_ttl !== undefined ? 'token_max_ttl' : 'max_ttl');
  if (max !== undefined) target.token_max_ttl = max;
  const explicit = durationField(body, 'token_explicit_max_ttl');
  if (explicit !== undefined) target.token_explicit_max_ttl = explicit;
  const period = durationField(body, 'token_period');
  if (period !== undefined) target.token_period = period;
  if (body.token_type !== undefined) {
    const t = String(body.token_type);
    if (!['default', 'service', 'batch', 'default-service', 'default-batch'].includes(t)) throw new FieldError(`invalid 'token_type' value "${t}"`);
    target.token_type = t;
  }
  if (body.token_num_uses !== undefined) target.token_num_uses = Number(body.token_num_uses) || 0;
  if (body.token_no_default_policy !== undefined) target.token_no_default_policy = body.token_no_default_policy === true || body.token_no_default_policy === 'true';
  if (body.token_bound_cidrs !== undefined) target.token_bound_cidrs = stringList(body.token_bound_cidrs);
  if (target.token_max_ttl > 0 && target.token_ttl > target.token_max_ttl) throw new FieldError('\'token_ttl\' cannot be greater than \'token_max_ttl\'');
}

export function tokenFieldsJson(f: TokenFields): Record<string, unknown> {
  return {
    token_bound_cidrs: f.token_bound_cidrs,
    token_explicit_max_ttl: f.token_explicit_max_ttl,
    token_max_ttl: f.token_max_ttl,
    token_no_default_policy: f.token_no_default_policy,
    token_num_uses: f.token_num_uses,
    token_period: f.token_period,
    token_policies: f.token_policies,
    token_ttl: f.token_ttl,
    token_type: f.token_type,
  };
}

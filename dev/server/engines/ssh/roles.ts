/**
 * SSH roles as Vault 1.8 stores them (builtin/logical/ssh/path_roles.go): `key_type` ca (certificate
 * signing), otp (stored, never used here) or dynamic (refused: this server keeps no `keys/`).
 */
import { isIP } from 'node:net';
import { goValue } from '../../util/go-fields';
import { readFields, type Schema } from '../../util/field-schema';

export interface SshRole {
  key_type: string;
  default_user: string;
  allowed_users: string;
  allowed_users_template: boolean;
  allowed_domains: string;
  cidr_list: string;
  exclude_cidr_list: string;
  port: number;
  /** Seconds; 0 = the mount's default (ttl) or max (max_ttl). */
  ttl: number;
  max_ttl: number;
  allowed_critical_options: string;
  allowed_extensions: string;
  default_critical_options: Record<string, string>;
  default_extensions: Record<string, string>;
  allow_user_certificates: boolean;
  allow_host_certificates: boolean;
  allow_bare_domains: boolean;
  allow_subdomains: boolean;
  allow_user_key_ids: boolean;
  key_id_format: string;
  allowed_user_key_lengths: Record<string, number>;
  /** '' = the CA key's own default algorithm (ssh-rsa for RSA in 1.8). */
  algorithm_signer: string;
}

const SCHEMA: Schema = {
  key_type: 'string',
  key: 'string',
  admin_user: 'string',
  default_user: 'string',
  cidr_list: 'string',
  exclude_cidr_list: 'string',
  port: 'int',
  key_bits: 'int',
  install_script: 'string',
  allowed_users: 'string',
  allowed_users_template: 'bool',
  allowed_domains: 'string',
  key_option_specs: 'string',
  ttl: 'duration',
  max_ttl: 'duration',
  allowed_critical_options: 'string',
  allowed_extensions: 'string',
  default_critical_options: 'map',
  default_extensions: 'map',
  allow_user_certificates: 'bool',
  allow_host_certificates: 'bool',
  allow_bare_domains: 'bool',
  allow_subdomains: 'bool',
  allow_user_key_ids: 'bool',
  key_id_format: 'string',
  allowed_user_key_lengths: 'map',
  algorithm_signer: 'string',
};

const SIGNERS = ['ssh-rsa', 'rsa-sha2-256', 'rsa-sha2-512', ''];

/** convertMapToStringValue: every value printed as Go's %v prints it. */
export function stringValues(m: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, goValue(v)]));
}

/** convertMapToIntValue (parseutil.ParseInt): the first value that is not an integer is the error. */
function intValues(m: Record<string, unknown>): Record<string, number> | string {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) {
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
    if (text === undefined) return 'could not parse value from input';
    if (!/^[+-]?\d+$/.test(text)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
    out[k] = Number(text);
  }
  return out;
}

function validCidrList(list: string): boolean {
  return list.split(',').every((item) => {
    const [addr, bits, extra] = item.trim().split('/');
    const family = isIP(addr ?? '');
    const max = family === 4 ? 32 : 128;
    return family !== 0 && extra === undefined && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= max;
  });
}

/** What a write answers when it is refused: a 400 (`message`) or a Go error (500, `internal`). */
export type RoleRefusal = { message: string } | { internal: string };

/** pathRoleWrite: the role to store, or why not. */
export function writeRole(body: Record<string, unknown>): SshRole | RoleRefusal {
  const f = readFields(body, SCHEMA);
  const str = (k: string) => (f[k] as string | undefined) ?? '';
  const bool = (k: string) => (f[k] as boolean | undefined) ?? false;
  for (const [field, text] of [['cidr_list', 'failed to validate cidr_list'], ['exclude_cidr_list', 'failed to validate exclude_cidr_list entry']]) {
    if (str(field) !== '' && !validCidrList(str(field))) return { internal: `${text}: invalid CIDR address: ${str(field)}` };
  }
  const keyType = str('key_type').toLowerCase();
  if (keyType === '') return { message: 'missing key type' };
  const role: SshRole = {
    key_type: keyType,
    default_user: str('default_user'),
    allowed_users: str('allowed_users'),
    allowed_users_template: false,
    allowed_domains: '',
    cidr_list: str('cidr_list'),
    exclude_cidr_list: str('exclude_cidr_list'),
    port: (f.port as number | undefined) || 22,
    ttl: 0,
    max_ttl: 0,
    allowed_critical_options: '',
    allowed_extensions: '',
    default_critical_options: {},
    default_extensions: {},
    allow_user_certificates: false,
    allow_host_certificates: false,
    allow_bare_domains: false,
    allow_subdomains: false,
    allow_user_key_ids: false,
    key_id_format: '',
    allowed_user_key_lengths: {},
    algorithm_signer: '',
  };
  if (keyType === 'otp') {
    if (role.default_user === '') return { message: 'missing default user' };
    if (str('admin_user') !== '') return { message: 'admin user not required for OTP type' };
    return role;
  }
  if (keyType === 'dynamic') {
    if (role.default_user === '') return { message: 'missing default user' };
    if (str('key') === '') return { message: 'missing key name' };
    // No `keys/` are kept here, so every named key is unknown.
    return { message: `invalid 'key': ${JSON.stringify(str('key'))}` };
  }
  if (keyType !== 'ca') return { message: 'invalid key type' };
  const signer = str('algorithm_signer');
  if (!SIGNERS.includes(signer)) return { internal: `unknown algorithm signer ${JSON.stringify(signer)}` };
  Object.assign(role, {
    allowed_critical_options: str('allowed_critical_options'),
    allowed_extensions: str('allowed_extensions'),
    allow_user_certificates: bool('allow_user_certificates'),
    allow_host_certificates: bool('allow_host_certificates'),
    allowed_users_template: bool('allowed_users_template'),
    allowed_domains: str('allowed_domains'),
    allow_bare_domains: bool('allow_bare_domains'),
    allow_subdomains: bool('allow_subdomains'),
    allow_user_key_ids: bool('allow_user_key_ids'),
    key_id_format: str('key_id_format'),
    algorithm_signer: signer,
  });
  if (!role.allow_user_certificates && !role.allow_host_certificates) {
    return { message: "Either 'allow_user_certificates' or 'allow_host_certificates' must be set to 'true'" };
  }
  const lengths = intValues((f.allowed_user_key_lengths as Record<string, unknown> | undefined) ?? {});
  if (typeof lengths === 'string') return { message: `error processing allowed_user_key_lengths: ${lengths}` };
  const ttl = (f.ttl as number | undefined) ?? 0;
  const maxTtl = (f.max_ttl as number | undefined) ?? 0;
  if (ttl !== 0 && maxTtl !== 0 && ttl > maxTtl) return { message: '"ttl" value must be less than "max_ttl" when both are specified' };
  role.ttl = ttl;
  role.max_ttl = maxTtl;
  role.default_critical_options = stringValues((f.default_critical_options as Record<string, unknown> | undefined) ?? {});
  role.default_extensions = stringValues((f.default_extensions as Record<string, unknown> | undefined) ?? {});
  role.allowed_user_key_lengths = lengths;
  return role;
}

/** parseRole: what `GET roles/:name` shows for each key type. */
export function roleJson(role: SshRole): Record<string, unknown> {
  if (role.key_type === 'otp') {
    const { default_user, cidr_list, exclude_cidr_list, key_type, port, allowed_users } = role;
    return { default_user, cidr_list, exclude_cidr_list, key_type, port, allowed_users };
  }
  return {
    allowed_users: role.allowed_users,
    allowed_users_template: role.allowed_users_template,
    allowed_domains: role.allowed_domains,
    default_user: role.default_user,
    ttl: role.ttl,
    max_ttl: role.max_ttl,
    allowed_critical_options: role.allowed_critical_options,
    allowed_extensions: role.allowed_extensions,
    allow_user_certificates: role.allow_user_certificates,
    allow_host_certificates: role.allow_host_certificates,
    allow_bare_domains: role.allow_bare_domains,
    allow_subdomains: role.allow_subdomains,
    allow_user_key_ids: role.allow_user_key_ids,
    key_id_format: role.key_id_format,
    key_type: role.key_type,
    key_bits: 0,
    default_critical_options: role.default_critical_options,
    default_extensions: role.default_extensions,
    allowed_user_key_lengths: role.allowed_user_key_lengths,
    algorithm_signer: role.algorithm_signer,
  };
}

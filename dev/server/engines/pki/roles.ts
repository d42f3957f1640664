/** PKI roles: fields, defaults and validation of builtin/logical/pki/path_roles.go. */
import { durationField } from '../../util/durations';
import { boolField, intField, listField } from './fields';
import { keyTypeError } from './keys';

export interface PkiRole {
  ttl: number;
  max_ttl: number;
  allow_localhost: boolean;
  allowed_domains: string[];
  allow_bare_domains: boolean;
  allow_subdomains: boolean;
  allow_glob_domains: boolean;
  allow_any_name: boolean;
  allow_token_displayname: boolean;
  enforce_hostnames: boolean;
  allow_ip_sans: boolean;
  allowed_uri_sans: string[];
  allowed_serial_numbers: string[];
  server_flag: boolean;
  client_flag: boolean;
  code_signing_flag: boolean;
  email_protection_flag: boolean;
  key_type: string;
  key_bits: number;
  key_usage: string[];
  ext_key_usage: string[];
  use_csr_common_name: boolean;
  use_csr_sans: boolean;
  ou: string[];
  organization: string[];
  country: string[];
  locality: string[];
  province: string[];
  street_address: string[];
  postal_code: string[];
  generate_lease: boolean;
  no_store: boolean;
  require_cn: boolean;
  basic_constraints_valid_for_non_ca: boolean;
  not_before_duration: number;
  /** Stored and shown; the dev server's tokens carry no identity to fill templates with. */
  allowed_domains_template: boolean;
  allowed_other_sans: string[];
  policy_identifiers: string[];
  ext_key_usage_oids: string[];
}

export const DEFAULT_ROLE: PkiRole = {
  ttl: 0,
  max_ttl: 0,
  allow_localhost: true,
  allowed_domains: [],
  allow_bare_domains: false,
  allow_subdomains: false,
  allow_glob_domains: false,
  allow_any_name: false,
  allow_token_displayname: false,
  enforce_hostnames: true,
  allow_ip_sans: true,
  allowed_uri_sans: [],
  allowed_serial_numbers: [],
  server_flag: true,
  client_flag: true,
  code_signing_flag: false,
  email_protection_flag: false,
  key_type: 'rsa',
  key_bits: 2048,
  key_usage: ['DigitalSignature', 'KeyAgreement', 'KeyEncipherment'],
  ext_key_usage: [],
  use_csr_common_name: true,
  use_csr_sans: true,
  ou: [],
  organization: [],
  country: [],
  locality: [],
  province: [],
  street_address: [],
  postal_code: [],
  generate_lease: false,
  no_store: false,
  require_cn: true,
  basic_constraints_valid_for_non_ca: false,
  not_before_duration: 30,
  allowed_domains_template: false,
  allowed_other_sans: [],
  policy_identifiers: [],
  ext_key_usage_oids: [],
};

const BOOLS = [
  'allow_localhost',
  'allow_bare_domains',
  'allow_subdomains',
  'allow_glob_domains',
  'allow_any_name',
  'allow_token_displayname',
  'enforce_hostnames',
  'allow_ip_sans',
  'server_flag',
  'client_flag',
  'code_signing_flag',
  'email_protection_flag',
  'use_csr_common_name',
  'use_csr_sans',
  'generate_lease',
  'no_store',
  'require_cn',
  'basic_constraints_valid_for_non_ca',
  'allowed_domains_template',
] as const;

const LISTS = [
  'allowed_domains',
  'allowed_uri_sans',
  'allowed_serial_numbers',
  'key_usage',
  'ext_key_usage',
  'ou',
  'organization',
  'country',
  'locality',
  'province',
  'street_address',
  'postal_code',
  'allowed_other_sans',
  'policy_identifiers',
  'ext_key_usage_oids',
] as const;

/**
 * A role write (path_roles.go pathRoleCreate, 1.8): the whole role from this request, every field
 * absent taking its default (key_bits 2048 whatever the key type); a string is the 400 message.
 */
export function writeRole(body: Record<string, unknown>): PkiRole | string {
  const role: PkiRole = { ...DEFAULT_ROLE };
  for (const name of BOOLS) {
    const v = boolField(body, name);
    if (v !== undefined) role[name] = v;
  }
  for (const name of LISTS) {
    const v = listField(body, name);
    if (v !== undefined) role[name] = v;
  }
  role.ttl = durationField(body, 'ttl') ?? role.ttl;
  role.max_ttl = durationField(body, 'max_ttl') ?? role.max_ttl;
  role.not_before_duration = durationField(body, 'not_before_duration') ?? role.not_before_duration;
  if (typeof body.key_type === 'string' && body.key_type !== '') role.key_type = body.key_type;
  role.key_bits = intField(body, 'key_bits') ?? 2048;
  // no_store implies no lease
  if (role.no_store) role.generate_lease = false;
  if (role.key_type === 'rsa' && role.key_bits < 2048) return 'RSA keys < 2048 bits are unsafe and not supported';
  if (role.max_ttl > 0 && role.ttl > role.max_ttl) return '"ttl" value must be less than "max_ttl" value';
  return keyTypeError(role.key_type, role.key_bits) ?? role;
}

/** The role as `GET pki/roles/:name` shows it (TTLs in seconds). */
export function roleJson(role: PkiRole): Record<string, unknown> {
  return { ...role };
}

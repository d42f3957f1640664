/**
 * auth/<jwt>/config as vault-plugin-auth-jwt v0.10 (Vault 1.8) checks it (path_config.go
 * pathConfigWrite): exactly one key source, OIDC client id/secret pairs, supported algorithms,
 * response types and mode. A write replaces the whole configuration.
 */
import { createPublicKey } from 'node:crypto';
import { readFields, type Schema } from '../util/field-schema';
import { SUPPORTED_ALGS } from './jwt-verify';

export interface JwtConfig {
  oidc_discovery_url: string;
  oidc_discovery_ca_pem: string;
  oidc_client_id: string;
  oidc_client_secret: string;
  oidc_response_mode: string;
  oidc_response_types: string[];
  jwks_url: string;
  jwks_ca_pem: string;
  jwt_validation_pubkeys: string[];
  jwt_supported_algs: string[];
  bound_issuer: string;
  default_role: string;
  provider_config: Record<string, unknown>;
  namespace_in_state: boolean;
}

const SCHEMA: Schema = {
  oidc_discovery_url: 'string',
  oidc_discovery_ca_pem: 'string',
  oidc_client_id: 'string',
  oidc_client_secret: 'string',
  oidc_response_mode: 'string',
  oidc_response_types: 'commaStrings',
  jwks_url: 'string',
  jwks_ca_pem: 'string',
  default_role: 'lowerString',
  jwt_validation_pubkeys: 'commaStrings',
  jwt_supported_algs: 'commaStrings',
  bound_issuer: 'string',
  provider_config: 'map',
  namespace_in_state: 'bool',
};

/** certutil.ParsePublicKeyPEM: a PKIX public key or a certificate, RSA, ECDSA or Ed25519. */
function parsesAsPublicKey(pem: string): boolean {
  if (!/-----BEGIN [A-Z ]+-----/.test(pem)) return false;
  try {
    const type = createPublicKey(pem).asymmetricKeyType;
    return type === 'rsa' || type === 'ec' || type === 'ed25519';
  } catch {
    return false;
  }
}

/** The new configuration, or the error text Vault answers with (400). */
export function buildConfig(body: Record<string, unknown>, existing: JwtConfig | undefined): JwtConfig | string {
  const f = readFields(body, SCHEMA);
  const c: JwtConfig = {
    oidc_discovery_url: (f.oidc_discovery_url as string) ?? '',
    oidc_discovery_ca_pem: (f.oidc_discovery_ca_pem as string) ?? '',
    oidc_client_id: (f.oidc_client_id as string) ?? '',
    oidc_client_secret: (f.oidc_client_secret as string) ?? '',
    oidc_response_mode: (f.oidc_response_mode as string) ?? '',
    oidc_response_types: (f.oidc_response_types as string[]) ?? [],
    jwks_url: (f.jwks_url as string) ?? '',
    jwks_ca_pem: (f.jwks_ca_pem as string) ?? '',
    jwt_validation_pubkeys: (f.jwt_validation_pubkeys as string[]) ?? [],
    jwt_supported_algs: (f.jwt_supported_algs as string[]) ?? [],
    bound_issuer: (f.bound_issuer as string) ?? '',
    default_role: (f.default_role as string) ?? '',
    provider_config: (f.provider_config as Record<string, unknown>) ?? {},
    // new configurations default to true; an update keeps the stored value
    namespace_in_state: (f.namespace_in_state as boolean | undefined) ?? existing?.namespace_in_state ?? true,
  };
  const methods = [c.oidc_discovery_url !== '', c.jwt_validation_pubkeys.length > 0, c.jwks_url !== ''].filter(Boolean).length;
  if (methods !== 1) return "exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set";
  if ((c.oidc_client_id !== '') !== (c.oidc_client_secret !== '')) return "both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC";
  if (c.oidc_discovery_url === '' && c.oidc_client_id !== '') return "'oidc_discovery_url' must be set for OIDC";
  if (c.jwks_url !== '' && c.jwks_ca_pem !== '' && !/-----BEGIN CERTIFICATE-----/.test(c.jwks_ca_pem))
    return 'error checking jwks_ca_pem: could not parse CA PEM value successfully';
  if (c.jwks_url === '' && c.oidc_discovery_url === '') {
    for (const pem of c.jwt_validation_pubkeys)
      if (!parsesAsPublicKey(pem)) return 'error parsing public key: data does not contain any valid public keys';
  }
  // hashicorp/cap jwt.SupportedSigningAlgorithm
  const badAlg = c.jwt_supported_algs.find((a) => !SUPPORTED_ALGS.includes(a));
  if (badAlg !== undefined) return `invalid jwt_supported_algs: unsupported signing algorithm "${badAlg}"`;
  if (c.oidc_response_types.some((t) => t !== 'code' && t !== 'id_token'))
    return `invalid response_types [${c.oidc_response_types.join(' ')}]. 'code' and 'id_token' are allowed`;
  if (c.oidc_response_mode === '' || c.oidc_response_mode === 'query') {
    if (c.oidc_response_types.includes('id_token')) return 'query response_mode may not be used with an id_token response_type';
  } else if (c.oidc_response_mode !== 'form_post') return `invalid response_mode: ${JSON.stringify(c.oidc_response_mode)}`;
  return c;
}

/** pathConfigRead: everything but the client secret. */
export function configJson(c: JwtConfig): Record<string, unknown> {
  return {
    oidc_discovery_url: c.oidc_discovery_url,
    oidc_discovery_ca_pem: c.oidc_discovery_ca_pem,
    oidc_client_id: c.oidc_client_id,
    oidc_response_mode: c.oidc_response_mode,
    oidc_response_types: c.oidc_response_types,
    default_role: c.default_role,
    jwt_validation_pubkeys: c.jwt_validation_pubkeys,
    jwt_supported_algs: c.jwt_supported_algs,
    jwks_url: c.jwks_url,
    jwks_ca_pem: c.jwks_ca_pem,
    bound_issuer: c.bound_issuer,
    provider_config: c.provider_config,
    namespace_in_state: c.namespace_in_state,
  };
}

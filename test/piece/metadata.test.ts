/**
 * The public contract of the piece: connection field names, action and trigger names. Renaming or
 * removing any of them breaks saved connections and published flows, so they are listed here
 * explicitly rather than derived from the code.
 */
import { PropertyType } from '@activepieces/pieces-framework';
import { hashicorpVault, vaultAuth } from '../../src';

const AUTH_PROPS = [
  'url', 'authMethod', 'roleId', 'secretId', 'appRolePath', 'token', 'username', 'password', 'userpassPath',
  'certPath', 'certRole', 'kubernetesRole', 'kubernetesPath', 'kubernetesJwt', 'jwtRole', 'jwtPath', 'jwt',
  'namespace', 'caCertificate', 'clientCertificate', 'clientKey', 'tlsSkipVerify', 'kvVersion', 'cacheTtlSeconds',
  'accessMode', 'pathPrefix', 'allowedRedirectAddresses', 'requestTimeoutSeconds', 'maxRetries',
];
const SECRET_PROPS = ['secretId', 'token', 'password', 'kubernetesJwt', 'jwt', 'clientKey'];

const ACTIONS = [
  'read_secret', 'get_secret', 'write_secret', 'list_secrets', 'delete_secret', 'get_secret_metadata',
  'custom_api_call', 'clear_cache', 'resolve_references', 'create_token', 'revoke_token', 'lookup_token',
  'create_temporary_user', 'delete_user', 'write_policy', 'read_policy', 'delete_policy', 'transit_encrypt',
  'transit_decrypt', 'list_transit_keys',
  'issue_certificate', 'sign_certificate', 'revoke_certificate', 'list_certificates', 'read_dynamic_secret', 'renew_lease', 'revoke_lease', 'lookup_lease',
];
const TRIGGERS = ['secret_updated', 'new_secret', 'certificate_expiring'];

const sorted = (names: string[]) => [...names].sort();

describe('piece metadata (public contract)', () => {
  const metadata = hashicorpVault.metadata();

  it('identifies itself as HashiCorp Vault for Activepieces 0.82.0+', () => {
    expect(metadata.displayName).toBe('HashiCorp Vault');
    expect(metadata.logoUrl).toBe('https://cdn.activepieces.com/pieces/hashicorp-vault.png');
    expect(metadata.categories).toEqual(['DEVELOPER_TOOLS']);
    expect(metadata.minimumSupportedRelease).toBe('0.82.0');
    expect(metadata.auth).toBe(vaultAuth);
  });

  it('keeps every connection field name', () => {
    expect(vaultAuth.type).toBe(PropertyType.CUSTOM_AUTH);
    expect(vaultAuth.required).toBe(true);
    expect(sorted(Object.keys(vaultAuth.props))).toEqual(sorted(AUTH_PROPS));
  });

  it('masks every credential field and requires only the address and method', () => {
    const props = vaultAuth.props as Record<string, { type: string; required: boolean; defaultValue?: unknown }>;
    const secret = Object.keys(props).filter((k) => props[k].type === PropertyType.SECRET_TEXT);
    expect(sorted(secret)).toEqual(sorted(SECRET_PROPS));
    const required = Object.keys(props).filter((k) => props[k].required);
    expect(sorted(required)).toEqual(['authMethod', 'url']);
  });

  it('defaults to AppRole, a one hour cache and read-write access', () => {
    const props = vaultAuth.props as Record<string, { defaultValue?: unknown; options?: { options: { value: unknown }[] } }>;
    expect(props.authMethod.defaultValue).toBe('appRole');
    expect(props.authMethod.options?.options.map((o) => o.value)).toEqual(['appRole', 'token', 'userpass', 'cert', 'kubernetes', 'jwt']);
    expect(props.cacheTtlSeconds.defaultValue).toBe(3600);
    expect(props.accessMode.defaultValue).toBe('read_and_write');
    expect(props.appRolePath.defaultValue).toBe('approle');
    expect(props.kvVersion.options?.options.map((o) => o.value)).toEqual(['auto', '1', '2']);
  });

  it('warns about skipping TLS verification where the person sees it', () => {
    expect(vaultAuth.description).toMatch(/Skip TLS Verification/);
    expect(vaultAuth.props.tlsSkipVerify.description).toMatch(/insecure|intercept/i);
  });

  it('has exactly the published action names', () => {
    expect(sorted(Object.keys(metadata.actions))).toEqual(sorted(ACTIONS));
  });

  it('has exactly the published trigger names', () => {
    expect(sorted(Object.keys(metadata.triggers))).toEqual(sorted(TRIGGERS));
  });

  it('asks for the Vault connection in every action and trigger', () => {
    const items = [...Object.values(hashicorpVault.actions()), ...Object.values(hashicorpVault.triggers())] as Array<{ name: string; requireAuth?: boolean }>;
    const unbound = items.filter((item) => item.requireAuth !== true).map((item) => item.name);
    expect(unbound).toEqual([]);
  });
});

/**
 * The public contract of the piece: connection field names, action and trigger names. Renaming or
 * removing any of them breaks saved connections and published flows, so they are listed here
 * explicitly rather than derived from the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_CONTEXT_VERSION, MINIMUM_SUPPORTED_RELEASE_AFTER_LATEST_CONTEXT_VERSION, PropertyType } from '@activepieces/pieces-framework';
import { hashicorpVault, vaultAuth } from '../../src';

/** The connection form as the builder receives it: every field, in order, with its input type and headings. */
const FORM = [
  ['url', 'SHORT_TEXT'], ['authMethod', 'STATIC_DROPDOWN'], ['namespace', 'SHORT_TEXT'],
  ['section_approle_login', 'MARKDOWN'], ['roleId', 'SHORT_TEXT'], ['secretId', 'SECRET_TEXT'], ['appRolePath', 'SHORT_TEXT'],
  ['section_token_login', 'MARKDOWN'], ['token', 'SECRET_TEXT'],
  ['section_username_password_login', 'MARKDOWN'], ['username', 'SHORT_TEXT'], ['password', 'SECRET_TEXT'], ['userpassPath', 'SHORT_TEXT'],
  ['section_tls_certificate_login', 'MARKDOWN'], ['certRole', 'SHORT_TEXT'], ['certPath', 'SHORT_TEXT'],
  ['section_kubernetes_login', 'MARKDOWN'], ['kubernetesRole', 'SHORT_TEXT'], ['kubernetesJwt', 'SECRET_TEXT'], ['kubernetesPath', 'SHORT_TEXT'],
  ['section_jwt_oidc_login', 'MARKDOWN'], ['jwtRole', 'SHORT_TEXT'], ['jwt', 'SECRET_TEXT'], ['jwtPath', 'SHORT_TEXT'],
  ['section_tls', 'MARKDOWN'], ['caCertificate', 'LONG_TEXT'], ['clientCertificate', 'LONG_TEXT'], ['clientKey', 'SECRET_TEXT'], ['tlsSkipVerify', 'CHECKBOX'],
  ['section_restrictions', 'MARKDOWN'], ['accessMode', 'STATIC_DROPDOWN'], ['pathPrefix', 'SHORT_TEXT'],
  ['section_advanced_settings', 'MARKDOWN'], ['kvVersion', 'STATIC_DROPDOWN'], ['cacheTtlSeconds', 'NUMBER'], ['allowedRedirectAddresses', 'LONG_TEXT'],
  ['requestTimeoutSeconds', 'NUMBER'], ['maxResponseMegabytes', 'NUMBER'], ['connectTimeoutSeconds', 'NUMBER'], ['maxRetries', 'NUMBER'], ['retryBudgetSeconds', 'NUMBER'],
];
/** Field names saved connections use: every one must stay. */
const AUTH_PROPS = FORM.map(([name]) => name).filter((name) => !name.startsWith('section_'));
const SECRET_PROPS = ['secretId', 'token', 'password', 'kubernetesJwt', 'jwt', 'clientKey'];

const ACTIONS = [
  'read_secret', 'get_secret', 'write_secret', 'list_secrets', 'delete_secret', 'get_secret_metadata',
  'custom_api_call', 'clear_cache', 'resolve_references', 'create_token', 'revoke_token', 'lookup_token',
  'create_temporary_user', 'delete_user', 'write_policy', 'read_policy', 'delete_policy', 'transit_encrypt',
  'transit_decrypt', 'list_transit_keys', 'transit_sign', 'transit_verify', 'transit_hmac', 'generate_data_key',
  'create_totp_key', 'generate_totp_code', 'validate_totp_code',
  'issue_certificate', 'sign_certificate', 'revoke_certificate', 'list_certificates', 'read_dynamic_secret', 'renew_lease', 'revoke_lease', 'lookup_lease',
  'sign_ssh_key', 'read_secrets_under_path', 'restore_secret_version',
  'send_http_request', 'wrap_secret', 'wrap_data', 'unwrap', 'lookup_wrapping_token',
];
const TRIGGERS = ['secret_updated', 'new_secret', 'certificate_expiring'];

const sorted = (names: string[]) => [...names].sort();

describe('piece metadata (public contract)', () => {
  it('carries its own logo: a PNG data URL under 64 KB, the same image as assets/logo.png', () => {
    const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(hashicorpVault.metadata().logoUrl);
    expect(match).not.toBeNull();
    const png = Buffer.from(match![1], 'base64');
    expect(png.length).toBeLessThan(64 * 1024);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.equals(readFileSync(join(__dirname, '../../assets/logo.png')))).toBe(true);
  });

  const metadata = hashicorpVault.metadata();

  it('identifies itself as HashiCorp Vault for Activepieces 0.82.0+', () => {
    // Told apart from the community piece "HashiCorp Vault" in the picker.
    expect(metadata.displayName).toBe('HashiCorp Vault: KV, PKI & Transit');
    expect(metadata.displayName).not.toBe('HashiCorp Vault');
    expect(metadata.categories).toEqual(['DEVELOPER_TOOLS']);
    expect(metadata.minimumSupportedRelease).toBe('0.82.0');
    expect(metadata.auth).toBe(vaultAuth);
  });

  it('declares exactly the framework\'s floor for its context version', () => {
    // The release from which engines understand the latest context version: an older engine would call run(undefined).
    expect(LATEST_CONTEXT_VERSION).toBe('2');
    expect(hashicorpVault.minimumSupportedRelease).toBe(MINIMUM_SUPPORTED_RELEASE_AFTER_LATEST_CONTEXT_VERSION);
    expect(hashicorpVault.metadata().minimumSupportedRelease).toBe('0.82.0');
  });

  it('keeps every connection field name', () => {
    expect(vaultAuth.type).toBe(PropertyType.CUSTOM_AUTH);
    expect(vaultAuth.required).toBe(true);
    const fields = Object.entries(vaultAuth.props).filter(([, p]) => p.type !== PropertyType.MARKDOWN);
    expect(sorted(fields.map(([name]) => name))).toEqual(sorted(AUTH_PROPS));
  });

  it('shows the form as the builder receives it: shared fields, each login method under its heading, settings last', () => {
    const sent = JSON.parse(JSON.stringify(metadata)) as { auth: { props: Record<string, { type: string; description?: string }> } };
    expect(Object.entries(sent.auth.props).map(([name, p]) => [name, p.type])).toEqual(FORM);
    expect(sent.auth.props.section_approle_login.description).toBe('### AppRole login');
    expect(sent.auth.props.section_advanced_settings.description).toBe('### Advanced settings');
  });

  it('describes fields in plain text and keeps the connection description short', () => {
    const props = vaultAuth.props as Record<string, { type: string; description?: string }>;
    const described = Object.entries(props).filter(([, p]) => p.type !== PropertyType.MARKDOWN);
    expect(described.filter(([, p]) => /[`*]|\]\(/.test(p.description ?? '')).map(([name]) => name)).toEqual([]);
    expect(described.filter(([, p]) => !p.description).map(([name]) => name)).toEqual([]);
    expect((vaultAuth.description ?? '').split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(4);
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

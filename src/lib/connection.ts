/**
 * The connection's props -> a validated, normalised `VaultConnectionConfig`. Accepts the FLAT
 * props `validate` receives and the WRAPPED `{type: 'CUSTOM_AUTH', props}` actions receive.
 * Errors name the prop, never its value.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { normalizeAddress, parseAddressList } from './vault/address';
import { VaultError } from './vault/errors';
import { splitPath } from './vault/paths';
import type { AccessMode, AuthMethod, KvVersion, VaultConnectionConfig } from './vault/types';

/** The display name of every auth prop, as the connection form (`src/lib/auth.ts`) shows it. */
export const PROP_LABELS = {
  url: 'Vault Address',
  authMethod: 'Login Method',
  roleId: 'Role ID',
  secretId: 'Secret ID',
  appRolePath: 'AppRole Mount',
  token: 'Token',
  username: 'Username',
  password: 'Password',
  userpassPath: 'Userpass Mount',
  certPath: 'Cert Auth Mount',
  certRole: 'Cert Role',
  kubernetesRole: 'Kubernetes Role',
  kubernetesPath: 'Kubernetes Mount',
  kubernetesJwt: 'Kubernetes Service Account Token',
  jwtRole: 'JWT Role',
  jwtPath: 'JWT Mount',
  jwt: 'JWT',
  namespace: 'Namespace',
  caCertificate: 'CA Certificate (PEM)',
  clientCertificate: 'Client Certificate (PEM)',
  clientKey: 'Client Private Key (PEM)',
  tlsSkipVerify: 'Skip TLS Verification (insecure)',
  kvVersion: 'KV Version',
  cacheTtlSeconds: 'Cache TTL (seconds)',
  accessMode: 'Access Mode',
  pathPrefix: 'Path Prefix',
  allowedRedirectAddresses: 'Allowed Redirect Addresses',
  requestTimeoutSeconds: 'Request Timeout (seconds)',
  maxRetries: 'Max Retries',
  connectTimeoutSeconds: 'Connect Timeout (seconds)',
  retryBudgetSeconds: 'Retry Budget (seconds)',
} as const;

export type ConnectionPropName = keyof typeof PROP_LABELS;

export const DEFAULTS = {
  authMethod: 'appRole' as AuthMethod,
  appRolePath: 'approle',
  userpassPath: 'userpass',
  certPath: 'cert',
  kubernetesPath: 'kubernetes',
  jwtPath: 'jwt',
  cacheTtlSeconds: 3600,
  accessMode: 'read_and_write' as AccessMode,
  requestTimeoutSeconds: 30,
  maxRetries: 4,
  connectTimeoutSeconds: 10,
  retryBudgetSeconds: 30,
};

function label(name: ConnectionPropName): string {
  return `"${PROP_LABELS[name]}" (${name})`;
}

const blankToUndefined = (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const trimmed = (v: unknown) => {
  const b = blankToUndefined(v);
  return typeof b === 'string' ? b.trim() : b;
};

/** Text, trimmed; blank = unset. */
const text = (name: ConnectionPropName) => z.preprocess(trimmed, z.string({ error: `${label(name)} must be text` }).optional());
/** Text kept as typed (passwords may start or end with spaces); blank = unset. */
const rawText = (name: ConnectionPropName) => z.preprocess(blankToUndefined, z.string({ error: `${label(name)} must be text` }).optional());

const integer = (name: ConnectionPropName, min: number, max: number) =>
  z.preprocess(
    (v) => {
      const b = trimmed(v);
      return typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : b;
    },
    z
      .number({ error: `${label(name)} must be a number` })
      .int({ error: `${label(name)} must be a whole number` })
      .min(min, { error: `${label(name)} must be at least ${min}` })
      .max(max, { error: `${label(name)} must be at most ${max}` })
      .optional(),
  );

const flag = (name: ConnectionPropName) =>
  z.preprocess(
    (v) => {
      const b = trimmed(v);
      if (b === 'true') return true;
      if (b === 'false') return false;
      return b;
    },
    z.boolean({ error: `${label(name)} must be checked or unchecked` }).optional(),
  );

const choice = <T extends string>(name: ConnectionPropName, values: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => {
      const b = trimmed(v);
      return typeof b === 'number' ? String(b) : b;
    },
    z.enum(values, { error: `${label(name)} must be one of: ${values.join(', ')}` }).optional(),
  );

/** The connection's auth props (all optional here; what each auth method needs is checked after). */
export const connectionPropsSchema = z.object({
  url: text('url'),
  authMethod: choice('authMethod', ['appRole', 'token', 'userpass', 'cert', 'kubernetes', 'jwt']),
  roleId: text('roleId'),
  secretId: text('secretId'),
  appRolePath: text('appRolePath'),
  token: text('token'),
  username: text('username'),
  password: rawText('password'),
  userpassPath: text('userpassPath'),
  certPath: text('certPath'),
  certRole: text('certRole'),
  kubernetesRole: text('kubernetesRole'),
  kubernetesPath: text('kubernetesPath'),
  kubernetesJwt: text('kubernetesJwt'),
  jwtRole: text('jwtRole'),
  jwtPath: text('jwtPath'),
  jwt: text('jwt'),
  namespace: text('namespace'),
  caCertificate: text('caCertificate'),
  clientCertificate: text('clientCertificate'),
  clientKey: text('clientKey'),
  tlsSkipVerify: flag('tlsSkipVerify'),
  kvVersion: choice('kvVersion', ['auto', '1', '2']),
  cacheTtlSeconds: integer('cacheTtlSeconds', 0, 86_400),
  accessMode: choice('accessMode', ['read_and_write', 'read_only', 'write_only']),
  pathPrefix: text('pathPrefix'),
  allowedRedirectAddresses: z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : trimmed(v)),
    z.string({ error: `${label('allowedRedirectAddresses')} must be text` }).optional(),
  ),
  requestTimeoutSeconds: integer('requestTimeoutSeconds', 1, 600),
  maxRetries: integer('maxRetries', 0, 10),
  connectTimeoutSeconds: integer('connectTimeoutSeconds', 1, 120),
  retryBudgetSeconds: integer('retryBudgetSeconds', 0, 600),
});

export type ConnectionProps = z.infer<typeof connectionPropsSchema>;

function invalidConfig(summary: string, hint = 'Edit the connection and fix this field.'): VaultError {
  return new VaultError({ kind: 'invalid_config', summary, hint });
}

/** Flat props, or the wrapped `{type: 'CUSTOM_AUTH', props}` form. */
function unwrap(auth: unknown): Record<string, unknown> {
  if (auth === null || auth === undefined || typeof auth !== 'object' || Array.isArray(auth)) {
    throw invalidConfig('No Vault connection was given', 'Choose or create a HashiCorp Vault connection.');
  }
  const obj = auth as Record<string, unknown>;
  if (!('url' in obj) && obj.props !== null && typeof obj.props === 'object' && !Array.isArray(obj.props)) {
    return obj.props as Record<string, unknown>;
  }
  return obj;
}

const REQUIRED: Record<AuthMethod, ConnectionPropName[]> = {
  appRole: ['roleId'],
  token: ['token'],
  userpass: ['username', 'password'],
  cert: ['clientCertificate', 'clientKey'],
  kubernetes: ['kubernetesRole'],
  jwt: ['jwtRole', 'jwt'],
};

const METHOD_NAMES: Record<AuthMethod, string> = {
  appRole: 'AppRole',
  token: 'Token',
  userpass: 'Username & password',
  cert: 'TLS certificate',
  kubernetes: 'Kubernetes',
  jwt: 'JWT',
};

export function parseConnection(auth: unknown): VaultConnectionConfig {
  const result = connectionPropsSchema.safeParse(unwrap(auth));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? '') as ConnectionPropName;
    const message = issue?.message && issue.message.includes('(') ? issue.message : `${name in PROP_LABELS ? label(name) : 'A connection field'} is not valid`;
    throw invalidConfig(message);
  }
  const p = result.data;
  if (!p.url) throw invalidConfig(`${label('url')} is required`, 'Enter the address of your Vault server, for example https://vault.example.com:8200.');
  const url = normalizeAddress(p.url);
  const authMethod = (p.authMethod ?? DEFAULTS.authMethod) as AuthMethod;
  for (const name of REQUIRED[authMethod]) {
    if (p[name] === undefined) {
      throw invalidConfig(`${label(name)} is required for ${METHOD_NAMES[authMethod]} login`, `Fill in "${PROP_LABELS[name]}".`);
    }
  }
  if ((p.clientCertificate === undefined) !== (p.clientKey === undefined)) {
    const missing: ConnectionPropName = p.clientCertificate === undefined ? 'clientCertificate' : 'clientKey';
    throw invalidConfig(`${label(missing)} is required when ${label(missing === 'clientKey' ? 'clientCertificate' : 'clientKey')} is set`, 'Fill in both, or neither.');
  }
  const caCertificate = p.caCertificate === undefined ? undefined : checkCertificates('caCertificate', p.caCertificate);
  const clientCertificate = p.clientCertificate === undefined ? undefined : checkCertificates('clientCertificate', p.clientCertificate);
  const clientKey = p.clientKey === undefined ? undefined : checkPrivateKey(p.clientKey);

  return {
    url,
    namespace: normalizeNamespace(p.namespace),
    authMethod,
    roleId: p.roleId,
    secretId: p.secretId,
    appRolePath: mount('appRolePath', p.appRolePath, DEFAULTS.appRolePath),
    token: p.token,
    username: p.username,
    password: p.password,
    userpassPath: mount('userpassPath', p.userpassPath, DEFAULTS.userpassPath),
    certPath: mount('certPath', p.certPath, DEFAULTS.certPath),
    certRole: p.certRole,
    kubernetesRole: p.kubernetesRole,
    kubernetesPath: mount('kubernetesPath', p.kubernetesPath, DEFAULTS.kubernetesPath),
    kubernetesJwt: p.kubernetesJwt,
    jwtRole: p.jwtRole,
    jwtPath: mount('jwtPath', p.jwtPath, DEFAULTS.jwtPath),
    jwt: p.jwt,
    caCertificate,
    clientCertificate,
    clientKey,
    tlsSkipVerify: p.tlsSkipVerify ?? false,
    kvVersion: p.kvVersion === '1' || p.kvVersion === '2' ? (Number(p.kvVersion) as KvVersion) : undefined,
    cacheTtlSeconds: p.cacheTtlSeconds ?? DEFAULTS.cacheTtlSeconds,
    accessMode: (p.accessMode ?? DEFAULTS.accessMode) as AccessMode,
    pathPrefix: normalizePathPrefix(p.pathPrefix),
    allowedRedirectAddresses: parseRedirects(p.allowedRedirectAddresses),
    requestTimeoutMs: (p.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds) * 1000,
    connectTimeoutMs: (p.connectTimeoutSeconds ?? DEFAULTS.connectTimeoutSeconds) * 1000,
    maxRetries: p.maxRetries ?? DEFAULTS.maxRetries,
    retryBudgetMs: (p.retryBudgetSeconds ?? DEFAULTS.retryBudgetSeconds) * 1000,
  };
}

function normalizeNamespace(ns: string | undefined): string | undefined {
  if (ns === undefined) return undefined;
  const cleaned = ns.replace(/^\/+|\/+$/g, '');
  if (cleaned === '') return undefined;
  validatePath('namespace', cleaned);
  return cleaned;
}

function mount(name: ConnectionPropName, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const cleaned = value.replace(/^\/+|\/+$/g, '').replace(/^auth\//, '');
  if (cleaned === '') return fallback;
  validatePath(name, cleaned);
  return cleaned;
}

function normalizePathPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  const cleaned = prefix.replace(/^\/+|\/+$/g, '');
  if (cleaned === '') return undefined;
  validatePath('pathPrefix', cleaned);
  return `${cleaned}/`;
}

function validatePath(name: ConnectionPropName, value: string): void {
  try {
    splitPath(value);
  } catch {
    throw invalidConfig(
      `${label(name)} is not a valid Vault path`,
      'Use segments separated by single slashes, without "..", ".", "?", "#", "\\" or spaces at the ends.',
    );
  }
}

function parseRedirects(value: string | undefined): string[] {
  try {
    return parseAddressList(value);
  } catch {
    throw invalidConfig(
      `${label('allowedRedirectAddresses')} contains an address that is not a valid http(s) URL`,
      'List full addresses like https://vault-2.example.com:8200, separated by commas or new lines.',
    );
  }
}

/** Users paste PEMs into one-line fields: accept literal `\n` and CRLF. */
function normalizePem(value: string): string {
  return value.replace(/\\n/g, '\n').replace(/\r\n/g, '\n').trim() + '\n';
}

function checkCertificates(name: 'caCertificate' | 'clientCertificate', value: string): string {
  const pem = normalizePem(value);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) {
    throw invalidConfig(
      `${label(name)} does not look like a PEM certificate`,
      'Paste the certificate in PEM form, from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----".',
    );
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw invalidConfig(`${label(name)} contains a certificate that cannot be read`, 'Paste the whole PEM block again, unchanged.');
    }
  }
  return pem;
}

function checkPrivateKey(value: string): string {
  const pem = normalizePem(value);
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw invalidConfig(`${label('clientKey')} is encrypted with a passphrase`, 'Export the key without a passphrase (PEM) and paste it.');
  }
  if (!/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]+-----END ([A-Z]+ )?PRIVATE KEY-----/.test(pem)) {
    throw invalidConfig(
      `${label('clientKey')} does not look like a PEM private key`,
      'Paste the key in PEM form, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----".',
    );
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw invalidConfig(`${label('clientKey')} cannot be read as a private key`, 'Paste the whole PEM block again, unchanged.');
  }
  return pem;
}

// `clientFor(auth)` (the registry's client for a connection) lives in `src/lib/client-for.ts`.

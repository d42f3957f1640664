/**
 * The fields every connection has, in the order and groups the connection dialog shows them.
 * Login-method fields are declared by each method (`src/lib/vault/auth/<method>.ts`) and shown
 * between `CONNECTION_FIELDS` and `TLS_FIELDS`.
 */
import { LOGIN_METHODS } from '../auth';
import type { ConnectionField } from './field';
import { VaultError } from '../errors';

export interface FieldGroup {
  /** Shown as a Markdown heading above the fields; none for the first group. */
  readonly heading?: string;
  readonly fields: readonly ConnectionField[];
}

export const DEFAULT_LOGIN_METHOD = 'appRole';

export const CONNECTION_FIELDS: readonly ConnectionField[] = [
  {
    name: 'url',
    label: 'Vault Address',
    description: 'The address the Vault CLI uses, for example https://vault.example.com:8200 (a trailing /v1 is fine).',
    kind: 'text',
    input: 'text',
    required: true,
  },
  {
    name: 'authMethod',
    label: 'Login Method',
    description: 'How the piece logs in. Fill in the fields under the heading of the method you choose; the others are ignored.',
    kind: 'choice',
    input: 'dropdown',
    required: true,
    defaultValue: DEFAULT_LOGIN_METHOD,
    choices: LOGIN_METHODS.map((m) => ({ label: m.choiceLabel, value: m.name })),
  },
  {
    name: 'namespace',
    label: 'Namespace',
    description: 'Vault Enterprise and HCP Vault only, for example admin or admin/team. Used for the login and every request. Leave empty for the root namespace.',
    kind: 'namespace',
    input: 'text',
  },
];

export const TLS_FIELDS: readonly ConnectionField[] = [
  {
    name: 'caCertificate',
    label: 'CA Certificate (PEM)',
    description: 'The certificate authority that signed the Vault server certificate, when it is not publicly trusted. Paste the whole PEM block.',
    kind: 'certificates',
    input: 'multiline',
  },
  {
    name: 'clientCertificate',
    label: 'Client Certificate (PEM)',
    description: 'For mutual TLS and the TLS certificate login: the client certificate, as a PEM block.',
    kind: 'certificates',
    input: 'multiline',
  },
  {
    name: 'clientKey',
    label: 'Client Private Key (PEM)',
    description: 'The private key of the client certificate, as a PEM block without a passphrase. Pasting it on one line is fine.',
    kind: 'privateKey',
    input: 'masked',
    secret: true,
  },
  {
    name: 'tlsSkipVerify',
    label: 'Skip TLS Verification (insecure)',
    description: 'Testing only. Accepts any server certificate for this connection (never the whole process): anyone on the network path could intercept tokens and secrets. Paste the CA certificate instead.',
    kind: 'flag',
    input: 'checkbox',
    defaultValue: false,
  },
];

export const RESTRICTION_FIELDS: readonly ConnectionField[] = [
  {
    name: 'accessMode',
    label: 'Access Mode',
    description:
      'Limits what flows using this connection may do, on top of the Vault policy. Read only: reads and decrypts; changes nothing and creates no credentials. ' +
      'Write only: writes and encrypts; reads no secret and creates no credentials. Custom API Call needs read and write.',
    kind: 'choice',
    input: 'dropdown',
    defaultValue: 'read_and_write',
    choices: [
      { label: 'Read and write', value: 'read_and_write' },
      { label: 'Read only', value: 'read_only' },
      { label: 'Write only', value: 'write_only' },
    ],
  },
  {
    name: 'pathPrefix',
    label: 'Path Prefix',
    description: 'Optional. Limits this connection to paths under this prefix, mount included, for example secret/app/.',
    kind: 'pathPrefix',
    input: 'text',
  },
];

export const ADVANCED_FIELDS: readonly ConnectionField[] = [
  {
    name: 'kvVersion',
    label: 'KV Version',
    description: "Auto-detect finds each mount's version. Choose one only when the policy does not allow reading sys/internal/ui/mounts.",
    kind: 'choice',
    input: 'dropdown',
    defaultValue: 'auto',
    choices: [
      { label: 'Auto-detect', value: 'auto' },
      { label: 'KV version 1', value: '1' },
      { label: 'KV version 2', value: '2' },
    ],
  },
  {
    name: 'cacheTtlSeconds',
    label: 'Cache TTL (seconds)',
    description: 'How long read values are kept in memory, per engine worker. 0 turns caching off. The Clear Cache action drops them sooner.',
    kind: 'integer',
    input: 'number',
    defaultValue: 3600,
    min: 0,
    max: 86_400,
  },
  {
    name: 'allowedRedirectAddresses',
    label: 'Allowed Redirect Addresses',
    description: 'Other Vault node addresses that a standby may redirect requests (and the token) to. One address per line.',
    kind: 'addresses',
    input: 'multiline',
  },
  {
    name: 'requestTimeoutSeconds',
    label: 'Request Timeout (seconds)',
    description: 'The longest one Vault request may take. Empty means 30.',
    kind: 'integer',
    input: 'number',
    defaultValue: 30,
    min: 1,
    max: 600,
  },
  {
    name: 'connectTimeoutSeconds',
    label: 'Connect Timeout (seconds)',
    description: 'The longest opening a connection to Vault may take. Empty means 10.',
    kind: 'integer',
    input: 'number',
    defaultValue: 10,
    min: 1,
    max: 120,
  },
  {
    name: 'maxRetries',
    label: 'Max Retries',
    description: 'How often a request is retried after a rate limit (429), a standby (412) or a server error (5xx). Empty means 4.',
    kind: 'integer',
    input: 'number',
    defaultValue: 4,
    min: 0,
    max: 10,
  },
  {
    name: 'retryBudgetSeconds',
    label: 'Retry Budget (seconds)',
    description: 'The longest time spent retrying one request. Empty means 30.',
    kind: 'integer',
    input: 'number',
    defaultValue: 30,
    min: 0,
    max: 600,
  },
];

/** Every field of the connection, the login methods' in their place, in the dialog's order. */
export const FIELD_GROUPS: readonly FieldGroup[] = [
  { fields: CONNECTION_FIELDS },
  ...LOGIN_METHODS.map((m) => ({ heading: `${m.label} login`, fields: m.fields })),
  { heading: 'TLS', fields: TLS_FIELDS },
  { heading: 'Restrictions', fields: RESTRICTION_FIELDS },
  { heading: 'Advanced settings', fields: ADVANCED_FIELDS },
];

export const ALL_FIELDS: readonly ConnectionField[] = FIELD_GROUPS.flatMap((g) => g.fields);

const BY_NAME = new Map(ALL_FIELDS.map((f) => [f.name, f]));

/** The declaration of a field by prop name. */
export function fieldOf(name: string): ConnectionField {
  const field = BY_NAME.get(name);
  if (!field) throw new VaultError({ kind: 'invalid_config', summary: `No connection field "${name}"`, hint: '' });
  return field;
}

/** Names of every field holding a credential (never echoed). */
export const SECRET_FIELD_NAMES: readonly string[] = ALL_FIELDS.filter((f) => f.secret).map((f) => f.name);

/**
 * The fields every connection has that do not depend on the login methods: the address, the
 * namespace and the TLS, restriction and advanced groups. Kept apart from `fields.ts` (which adds
 * the login methods) so that the transport's messages can name these fields without an import
 * circle (the login methods read the transport's status meanings).
 */
import { VaultError } from '../errors';
import { type ConnectionField, fieldName } from './field';

export const ADDRESS_FIELD: ConnectionField = {
  name: 'url',
  label: 'Vault Address',
  description: 'The address the Vault CLI uses, for example https://vault.example.com:8200 (a trailing /v1 is fine).',
  kind: 'text',
  input: 'text',
  required: true,
};

export const NAMESPACE_FIELD: ConnectionField = {
  name: 'namespace',
  label: 'Namespace',
  description: 'Vault Enterprise and HCP Vault only, for example admin or admin/team. Used for the login and every request. Leave empty for the root namespace.',
  kind: 'namespace',
  input: 'text',
};

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
    description: 'The longest one Vault request may take, from sending it to the last byte of the answer. Empty means 30.',
    kind: 'integer',
    input: 'number',
    defaultValue: 30,
    min: 1,
    max: 600,
  },
  {
    name: 'maxResponseMegabytes',
    label: 'Max Response Size (MiB)',
    description: 'The largest answer read from Vault; a larger one fails the request and is not read further. Empty means 32.',
    kind: 'integer',
    input: 'number',
    defaultValue: 32,
    min: 1,
    max: 1024,
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

const BY_NAME = new Map([ADDRESS_FIELD, NAMESPACE_FIELD, ...TLS_FIELDS, ...RESTRICTION_FIELDS, ...ADVANCED_FIELDS].map((f) => [f.name, f]));

/** How a message names one of these fields: `"Request Timeout (seconds)" (requestTimeoutSeconds)`. */
export function sharedFieldName(name: string): string {
  const field = BY_NAME.get(name);
  if (!field) throw new VaultError({ kind: 'invalid_config', summary: `No connection field "${name}"`, hint: '' });
  return fieldName(field);
}

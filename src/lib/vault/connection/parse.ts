/**
 * The connection's props -> a validated, normalised `VaultConnectionConfig`, derived from the
 * field declarations (`fields.ts` and each login method's). Accepts the FLAT props `validate`
 * receives and the WRAPPED `{type: 'CUSTOM_AUTH', props}` actions receive. Errors name the field,
 * never its value.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { normalizeAddress, parseAddressList } from '../address';
import { LOGIN_METHODS, loginMethodNamed } from '../auth';
import { VaultError } from '../errors';
import { splitPath, trimSlashes } from '../paths';
import type { AccessMode, KvVersion, VaultConnectionConfig } from '../types';
import { type ConnectionField, fieldName } from './field';
import { ADVANCED_FIELDS, CONNECTION_FIELDS, DEFAULT_LOGIN_METHOD, RESTRICTION_FIELDS, SECRET_FIELD_NAMES, TLS_FIELDS, fieldOf, headingOf } from './fields';
import { MAX_PEM_LENGTH, pemBlocks } from './pem';

function invalidConfig(summary: string, hint = 'Edit the connection and fix this field.'): VaultError {
  return new VaultError({ kind: 'invalid_config', summary, hint });
}

/** Empty inputs from the builder (null, undefined, blank text) all mean "not set". */
export function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}
const trimmed = (v: unknown) => {
  const b = blankToUndefined(v);
  return typeof b === 'string' ? b.trim() : b;
};

/** The zod reader of one field's raw value (blank = unset). */
function readerOf(field: ConnectionField): z.ZodType {
  const name = fieldName(field);
  const asText = z.string({ error: `${name} must be text` }).optional();
  switch (field.kind) {
    case 'exactText':
      return z.preprocess(blankToUndefined, asText);
    case 'integer':
      return z.preprocess(
        (v) => {
          const b = trimmed(v);
          return typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : b;
        },
        z
          .number({ error: `${name} must be a number` })
          .int({ error: `${name} must be a whole number` })
          .min(field.min ?? Number.MIN_SAFE_INTEGER, { error: `${name} must be at least ${field.min}` })
          .max(field.max ?? Number.MAX_SAFE_INTEGER, { error: `${name} must be at most ${field.max}` })
          .optional(),
      );
    case 'flag':
      return z.preprocess((v) => {
        const b = trimmed(v);
        return b === 'true' ? true : b === 'false' ? false : b;
      }, z.boolean({ error: `${name} must be checked or unchecked` }).optional());
    case 'choice': {
      const values = (field.choices ?? []).map((c) => c.value) as [string, ...string[]];
      return z.preprocess((v) => {
        const b = trimmed(v);
        return typeof b === 'number' ? String(b) : b;
      }, z.enum(values, { error: `${name} must be one of: ${values.join(', ')}` }).optional());
    }
    case 'addresses':
      return z.preprocess((v) => (Array.isArray(v) ? v.join(',') : trimmed(v)), asText);
    default:
      return z.preprocess(trimmed, asText);
  }
}

const SHARED_FIELDS = [...CONNECTION_FIELDS, ...TLS_FIELDS, ...RESTRICTION_FIELDS, ...ADVANCED_FIELDS];
const sharedSchema = z.object(Object.fromEntries(SHARED_FIELDS.map((f) => [f.name, readerOf(f)])));
const methodSchemas = new Map(LOGIN_METHODS.map((m) => [m.name, z.object(Object.fromEntries(m.fields.map((f) => [f.name, readerOf(f)])))]));

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

function read(schema: z.ZodType, props: Record<string, unknown>): Record<string, unknown> {
  const result = schema.safeParse(props);
  if (result.success) return result.data as Record<string, unknown>;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? '');
  const message = issue?.message && issue.message.includes('(') ? issue.message : `${safeFieldName(name)} is not valid`;
  throw invalidConfig(message);
}

function safeFieldName(name: string): string {
  try {
    return fieldName(fieldOf(name));
  } catch {
    return 'A connection field';
  }
}

export function parseConnection(auth: unknown): VaultConnectionConfig {
  const props = unwrap(auth);
  const p = read(sharedSchema, props) as Record<string, string | number | boolean | undefined>;
  const text = (name: string) => p[name] as string | undefined;
  const int = (name: string) => (p[name] as number | undefined) ?? (fieldOf(name).defaultValue as number);

  const urlText = text('url');
  if (!urlText) throw invalidConfig(`${fieldName(fieldOf('url'))} is required`, 'Enter the address of your Vault server, for example https://vault.example.com:8200.');
  const url = normalizeAddress(urlText);
  const method = loginMethodNamed(text('authMethod') ?? DEFAULT_LOGIN_METHOD);
  const own = read(methodSchemas.get(method.name)!, props) as Record<string, string | undefined>;

  const login: Record<string, string> = {};
  for (const field of method.fields) {
    const value = field.kind === 'mount' ? mount(field, own[field.name]) : own[field.name];
    if (value !== undefined) login[field.name] = value;
  }
  for (const name of method.required) {
    if (login[name] === undefined && p[name] === undefined) {
      throw invalidConfig(`${fieldName(fieldOf(name))} is required for ${method.label} login`, `Fill it in under the heading "${headingOf(name) ?? `${method.label} login`}".`);
    }
  }

  const clientCertificateText = text('clientCertificate');
  const clientKeyText = text('clientKey');
  if ((clientCertificateText === undefined) !== (clientKeyText === undefined)) {
    const missing = fieldOf(clientCertificateText === undefined ? 'clientCertificate' : 'clientKey');
    const other = fieldOf(missing.name === 'clientKey' ? 'clientCertificate' : 'clientKey');
    throw invalidConfig(`${fieldName(missing)} is required when ${fieldName(other)} is set`, 'Fill in both, or neither.');
  }
  const clientKey = clientKeyText === undefined ? undefined : checkPrivateKey(clientKeyText);
  const kvVersion = text('kvVersion');

  return {
    url,
    namespace: normalizeNamespace(text('namespace')),
    authMethod: method.name,
    login,
    caCertificate: optionalCertificates('caCertificate', text('caCertificate')),
    clientCertificate: optionalCertificates('clientCertificate', clientCertificateText),
    clientKey,
    tlsSkipVerify: (p.tlsSkipVerify as boolean | undefined) ?? false,
    kvVersion: kvVersion === '1' || kvVersion === '2' ? (Number(kvVersion) as KvVersion) : undefined,
    cacheTtlSeconds: int('cacheTtlSeconds'),
    accessMode: (text('accessMode') ?? fieldOf('accessMode').defaultValue) as AccessMode,
    pathPrefix: normalizePathPrefix(text('pathPrefix')),
    allowedRedirectAddresses: parseRedirects(text('allowedRedirectAddresses')),
    requestTimeoutMs: int('requestTimeoutSeconds') * 1000,
    maxResponseBytes: int('maxResponseMegabytes') * 1024 * 1024,
    connectTimeoutMs: int('connectTimeoutSeconds') * 1000,
    maxRetries: int('maxRetries'),
    retryBudgetMs: int('retryBudgetSeconds') * 1000,
    secrets: [...Object.entries(login).filter(([name]) => SECRET_FIELD_NAMES.includes(name)).map(([, v]) => v), ...(clientKey ? [clientKey] : [])],
  };
}

/** Every credential typed into the props, whatever the login method: what `validate` scrubs. */
export function credentialsIn(auth: unknown): string[] {
  let props: Record<string, unknown>;
  try {
    props = unwrap(auth);
  } catch {
    return [];
  }
  return SECRET_FIELD_NAMES.map((name) => props[name]).filter((v): v is string => typeof v === 'string');
}

function normalizeNamespace(ns: string | undefined): string | undefined {
  if (ns === undefined) return undefined;
  const cleaned = trimSlashes(ns);
  if (cleaned === '') return undefined;
  validatePath(fieldOf('namespace'), cleaned);
  return cleaned;
}

function mount(field: ConnectionField, value: string | undefined): string {
  const fallback = String(field.defaultValue);
  if (value === undefined) return fallback;
  const cleaned = trimSlashes(value).replace(/^auth\//, '');
  if (cleaned === '') return fallback;
  validatePath(field, cleaned);
  return cleaned;
}

function normalizePathPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  const cleaned = trimSlashes(prefix);
  if (cleaned === '') return undefined;
  validatePath(fieldOf('pathPrefix'), cleaned);
  return `${cleaned}/`;
}

function validatePath(field: ConnectionField, value: string): void {
  try {
    splitPath(value);
  } catch {
    throw invalidConfig(
      `${fieldName(field)} is not a valid Vault path`,
      'Use segments separated by single slashes, without "..", ".", "?", "#", "\\" or spaces at the ends.',
    );
  }
}

function parseRedirects(value: string | undefined): string[] {
  try {
    return parseAddressList(value);
  } catch {
    throw invalidConfig(
      `${fieldName(fieldOf('allowedRedirectAddresses'))} contains an address that is not a valid http(s) URL`,
      'List full addresses like https://vault-2.example.com:8200, one per line.',
    );
  }
}

function optionalCertificates(name: 'caCertificate' | 'clientCertificate', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const field = fieldOf(name);
  if (value.length > MAX_PEM_LENGTH) throw invalidConfig(`${fieldName(field)} is longer than ${MAX_PEM_LENGTH} characters`, 'Paste only the certificates needed (PEM).');
  const blocks = pemBlocks(value).filter((b) => b.label === 'CERTIFICATE');
  if (blocks.length === 0) {
    throw invalidConfig(
      `${fieldName(field)} does not look like a PEM certificate`,
      'Paste the certificate in PEM form, from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----".',
    );
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block.pem);
    } catch {
      throw invalidConfig(`${fieldName(field)} contains a certificate that cannot be read`, 'Paste the whole PEM block again, from its BEGIN line to its END line.');
    }
  }
  return blocks.map((b) => b.pem).join('');
}

function checkPrivateKey(value: string): string {
  const field = fieldOf('clientKey');
  if (value.length > MAX_PEM_LENGTH) throw invalidConfig(`${fieldName(field)} is longer than ${MAX_PEM_LENGTH} characters`, 'Paste one PEM private key.');
  const blocks = pemBlocks(value).filter((b) => b.label.endsWith('PRIVATE KEY'));
  if (blocks.some((b) => b.encrypted || b.label === 'ENCRYPTED PRIVATE KEY')) {
    throw invalidConfig(`${fieldName(field)} is encrypted with a passphrase`, 'Export the key without a passphrase (PEM) and paste it.');
  }
  if (blocks.length !== 1) {
    throw invalidConfig(
      `${fieldName(field)} does not look like a PEM private key`,
      'Paste the key in PEM form, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----".',
    );
  }
  try {
    createPrivateKey(blocks[0].pem);
  } catch {
    throw invalidConfig(`${fieldName(field)} cannot be read as a private key`, 'Paste the whole PEM block again, from its BEGIN line to its END line.');
  }
  return blocks[0].pem;
}

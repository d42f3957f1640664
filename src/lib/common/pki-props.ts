import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { normalizeSerial } from '../vault/engines/pki';

export const pkiPathProp = Property.ShortText({
  displayName: 'PKI mount path',
  description: 'Where the PKI secrets engine is mounted (default `pki`).',
  required: false,
  defaultValue: 'pki',
});

export const pkiRoleProp = Property.ShortText({
  displayName: 'Role',
  description: 'The PKI role that decides which names, TTLs and key types are allowed, e.g. `web-server`.',
  required: true,
});

export const altNamesProp = Property.Array({
  displayName: 'Alternative names',
  description: 'Extra DNS names or emails (subject alternative names), one per entry.',
  required: false,
});

export const certTtlProp = Property.ShortText({
  displayName: 'TTL',
  description: 'How long the certificate is valid: `720h`, `30d`, or seconds. Empty = the role\'s default; capped by the role\'s max TTL.',
  required: false,
});

export const serialNumberProp = Property.ShortText({
  displayName: 'Serial number',
  description: 'The certificate\'s serial number as Issue Certificate returns it (`1a:2b:...`); hyphens or plain hex work too.',
  required: true,
});

/** A serial number in any of the usual forms, normalised to Vault's `1a:2b:...`. */
export const serialNumberSchema = z.preprocess(
  (v) => (typeof v === 'string' ? normalizeSerial(v) ?? v : v),
  z
    .string({ error: 'Serial number is required (text)' })
    .regex(/^[0-9a-f]{2}(:[0-9a-f]{2})*$/, 'Serial number must be hex bytes such as 1a:2b:3c'),
);

import { isIP } from 'node:net';
import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PkiEngine } from '../vault/engines/pki';
import { clientFor } from '../common/client';
import { altNamesProp, certTtlProp, pkiPathProp, pkiRoleProp } from '../common/pki-props';
import { mountPathProp, nameSegment } from '../common/segments';
import { optionalDuration, parseProps, requiredText, textList } from '../common/validate';

const propsSchema = z.object({
  pkiPath: mountPathProp('PKI mount path', 'pki'),
  role: nameSegment('Role'),
  commonName: requiredText('Common name'),
  altNames: textList('Alternative names'),
  ipSans: textList('IP SANs').refine((ips) => ips.every((ip) => isIP(ip) !== 0), 'every entry of IP SANs must be an IPv4 or IPv6 address'),
  ttl: optionalDuration('TTL'),
  format: z.preprocess((v) => v ?? undefined, z.enum(['pem', 'pem_bundle', 'der'], { error: 'Format must be pem, pem_bundle or der' }).optional()),
  privateKeyFormat: z.preprocess(
    (v) => v ?? undefined,
    z.enum(['der', 'pkcs8'], { error: 'Private key format must be der or pkcs8' }).optional(),
  ),
});

export const issueCertificate = createAction({
  auth: vaultAuth,
  name: 'issue_certificate',
  displayName: 'Issue Certificate',
  description:
    'Issues a new certificate and private key from a PKI role (`pki/issue/<role>`). ' +
    'WARNING: the output contains the private key, a SECRET (with format pem_bundle the certificate field holds it too): ' +
    'pass it only to the step that needs it. `expiration` is ISO 8601; keep `serialNumber` to revoke the certificate. ' +
    'The output, private key included, is stored in the run history, visible to everyone who can open runs: to keep the key out of it, let the requester make its own key and use Sign Certificate ' +
    '(and to use or hand off stored secrets without storing them: Send HTTP Request, Wrap Secret).',
  props: {
    pkiPath: pkiPathProp,
    role: pkiRoleProp,
    commonName: Property.ShortText({
      displayName: 'Common name',
      description: 'The certificate\'s CN, e.g. `app.example.com`; the role must allow it.',
      required: true,
    }),
    altNames: altNamesProp,
    ipSans: Property.Array({
      displayName: 'IP SANs',
      description: 'IP addresses to include (the role must allow IP SANs).',
      required: false,
    }),
    ttl: certTtlProp,
    format: Property.StaticDropdown({
      displayName: 'Format',
      description: '`pem` (default), `pem_bundle` (key, certificate and CA in one PEM) or `der` (base64).',
      required: false,
      defaultValue: 'pem',
      options: {
        options: [
          { label: 'PEM', value: 'pem' },
          { label: 'PEM bundle', value: 'pem_bundle' },
          { label: 'DER (base64)', value: 'der' },
        ],
      },
    }),
    privateKeyFormat: Property.StaticDropdown({
      displayName: 'Private key format',
      description: '`der` (default: PKCS#1 / SEC 1, PEM-wrapped unless the format is der) or `pkcs8`.',
      required: false,
      defaultValue: 'der',
      options: {
        options: [
          { label: 'DER / PKCS#1 (default)', value: 'der' },
          { label: 'PKCS#8', value: 'pkcs8' },
        ],
      },
    }),
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Issues a certificate AND its private key: the key enters your context and the run history. Each call issues a new certificate.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('issue_certificate', propsSchema, context.propsValue);
    const { pkiPath, ...request } = props;
    // The engine's answer is the output: the certificate fields, the key, the lease when there is one.
    return new PkiEngine(clientFor(context.auth), pkiPath).issue(request);
  },
});

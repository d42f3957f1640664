import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { hasPemBlock } from '../vault/connection/pem';
import { PkiEngine } from '../vault/engines/pki';
import { clientFor } from '../common/client';
import { certTtlProp, pkiPathProp, pkiRoleProp } from '../common/pki-props';
import { mountPathProp, nameSegment } from '../common/segments';
import { optionalDuration, optionalText, parseProps, textList } from '../common/validate';

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];
/** A CSR is one to a few kilobytes. */
const MAX_CSR_LENGTH = 64 * 1024;

const propsSchema = z.object({
  pkiPath: mountPathProp('PKI mount path', 'pki'),
  role: nameSegment('Role'),
  csr: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: 'CSR is required (PEM text)' })
      .max(MAX_CSR_LENGTH, `CSR is longer than ${MAX_CSR_LENGTH} characters: paste one PEM certificate request`)
      .refine((s) => hasPemBlock(s, CSR_LABELS), 'CSR must be a PEM certificate request (-----BEGIN CERTIFICATE REQUEST-----)'),
  ),
  commonName: optionalText,
  altNames: textList('Alternative names'),
  ttl: optionalDuration('TTL'),
});

export const signCertificate = createAction({
  auth: vaultAuth,
  name: 'sign_certificate',
  displayName: 'Sign Certificate (CSR)',
  description:
    'Signs a certificate signing request with a PKI role (`pki/sign/<role>`): the private key stays with whoever made the CSR. ' +
    'Returns the certificate, CA chain, serial number and `expiration` (ISO 8601).',
  props: {
    pkiPath: pkiPathProp,
    role: pkiRoleProp,
    csr: Property.LongText({
      displayName: 'CSR',
      description: 'The PEM certificate signing request (`-----BEGIN CERTIFICATE REQUEST-----`).',
      required: true,
    }),
    commonName: Property.ShortText({
      displayName: 'Common name',
      description: 'The CN to sign for; empty = the CSR\'s own (when the role uses it).',
      required: false,
    }),
    altNames: Property.Array({
      displayName: 'Alternative names',
      description: 'Extra DNS names or emails. Used only when the role has `use_csr_sans` off; otherwise the CSR\'s own SANs are used.',
      required: false,
    }),
    ttl: certTtlProp,
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Signs a CSR into a certificate for whoever holds its private key: a new credential each call.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('sign_certificate', propsSchema, context.propsValue);
    const { pkiPath, ...request } = props;
    return new PkiEngine(clientFor(context.auth), pkiPath).sign(request);
  },
});

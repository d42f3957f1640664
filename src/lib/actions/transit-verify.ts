import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TransitEngine } from '../vault/engines/transit';
import { clientFor } from '../common/client';
import { hashAlgorithmProp, inputAsBase64, optionalHashAlgorithm, transitDataProps, transitInputSchema, transitKeySchema, transitPathProp } from '../common/transit-props';
import { optionalText, parseProps } from '../common/validate';

const vaultValue = (what: string) => optionalText.pipe(z.string().max(65_536, `${what} is too long`).optional());

const propsSchema = z
  .object({
    ...transitKeySchema,
    ...transitInputSchema,
    signature: vaultValue('Signature'),
    hmac: vaultValue('HMAC'),
    hashAlgorithm: optionalHashAlgorithm('Hash algorithm'),
  })
  .refine((p) => (p.signature === undefined) !== (p.hmac === undefined), {
    message: 'Give either a signature or an HMAC to verify (exactly one of them)',
    path: ['signature'],
  });

export const transitVerify = createAction({
  auth: vaultAuth,
  name: 'transit_verify',
  displayName: 'Verify Signature or HMAC (Transit)',
  description:
    'Checks a signature (from Sign) or an HMAC (from HMAC) against the data, with the transit key. ' +
    'Returns `{valid}`: a changed input, a wrong or malformed signature or HMAC is `valid: false` with a `reason`, not an error.',
  audience: 'both',
  aiMetadata: {
    description:
      'Verify a Vault transit signature or HMAC ("vault:vN:...") for text or base64 input. Returns {valid: boolean, reason?}. Changes nothing in Vault.',
    idempotent: true,
  },
  props: {
    ...transitDataProps,
    signature: Property.LongText({ displayName: 'Signature', description: 'The signature to check (`vault:v1:...`). Leave empty when checking an HMAC.', required: false }),
    hmac: Property.LongText({ displayName: 'HMAC', description: 'The HMAC to check (`vault:v1:...`). Leave empty when checking a signature.', required: false }),
    hashAlgorithm: hashAlgorithmProp(
      'Hash algorithm',
      'The one used when signing or computing the HMAC: sha2-256 (default), sha2-224, sha2-384, sha2-512 or sha1.',
    ),
    transitPath: transitPathProp,
  },
  async run(context) {
    const props = parseProps('transit_verify', propsSchema, context.propsValue);
    const transit = new TransitEngine(clientFor(context.auth), props.transitPath);
    const input = inputAsBase64('transit_verify', props);
    return props.signature !== undefined
      ? transit.verifySignature(props.key, input, props.signature, { hashAlgorithm: props.hashAlgorithm })
      : transit.verifyHmac(props.key, input, props.hmac!, { algorithm: props.hashAlgorithm });
  },
});

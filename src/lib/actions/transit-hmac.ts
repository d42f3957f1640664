import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TransitEngine, versionOf } from '../vault/engines/transit';
import { clientFor } from '../common/client';
import { hashAlgorithmProp, inputAsBase64, optionalHashAlgorithm, transitDataProps, transitInputSchema, transitKeySchema, transitPathProp } from '../common/transit-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  ...transitKeySchema,
  ...transitInputSchema,
  algorithm: optionalHashAlgorithm('Algorithm'),
});

export const transitHmac = createAction({
  auth: vaultAuth,
  name: 'transit_hmac',
  displayName: 'HMAC (Transit)',
  description:
    'Computes an HMAC of the data with the HMAC key Vault keeps for a transit key (every key type has one). ' +
    'Returns `{hmac, keyVersion}` (`vault:v1:...`); check it with Verify Signature or HMAC (Transit).',
  audience: 'both',
  aiMetadata: {
    description: 'HMAC of text or base64 input with a Vault transit key; returns "vault:vN:<base64>". The same input gives the same HMAC. Changes nothing in Vault.',
    idempotent: true,
  },
  props: {
    ...transitDataProps,
    algorithm: hashAlgorithmProp('Algorithm', 'sha2-256 (default), sha2-224, sha2-384, sha2-512 or sha1. Verify with the same one.'),
    transitPath: transitPathProp,
  },
  async run(context) {
    const props = parseProps('transit_hmac', propsSchema, context.propsValue);
    const transit = new TransitEngine(clientFor(context.auth), props.transitPath);
    const hmac = await transit.hmac(props.key, inputAsBase64('transit_hmac', props), { algorithm: props.algorithm });
    return { hmac, keyVersion: versionOf(hmac) };
  },
});

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
  hashAlgorithm: optionalHashAlgorithm('Hash algorithm'),
});

export const transitSign = createAction({
  auth: vaultAuth,
  name: 'transit_sign',
  displayName: 'Sign (Transit)',
  description:
    'Signs data with a transit signing key (ed25519, ecdsa-p256/p384/p521, rsa-2048/3072/4096); the private key never leaves Vault. ' +
    'Returns `{signature, keyVersion}` (`vault:v1:...`). Check it with Verify Signature or HMAC (Transit), or elsewhere with the key\'s public key.',
  audience: 'both',
  aiMetadata: {
    description:
      'Sign text or base64 bytes with a Vault transit key; returns signature "vault:vN:<base64>". Changes nothing in Vault. ' +
      'ed25519 and RSA pkcs1v15 signatures repeat for the same input; ECDSA and RSA-PSS (the RSA default) give a new signature each call.',
    idempotent: false,
  },
  props: {
    ...transitDataProps,
    hashAlgorithm: hashAlgorithmProp(
      'Hash algorithm',
      'The hash signed by ECDSA and RSA keys: sha2-256 (default), sha2-224, sha2-384, sha2-512 or sha1. ed25519 ignores it. Verify with the same one.',
    ),
    transitPath: transitPathProp,
  },
  async run(context) {
    const props = parseProps('transit_sign', propsSchema, context.propsValue);
    const transit = new TransitEngine(clientFor(context.auth), props.transitPath);
    const signature = await transit.sign(props.key, inputAsBase64('transit_sign', props), { hashAlgorithm: props.hashAlgorithm });
    return { signature, keyVersion: versionOf(signature) };
  },
});

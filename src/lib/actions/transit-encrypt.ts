import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TransitEngine } from '../vault/engines/transit';
import { textToBase64 } from '../common/base64';
import { clientForRead } from '../common/client';
import { transitKeyProp, transitKeySchema, transitPathProp } from '../common/transit-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  ...transitKeySchema,
  plaintext: z.preprocess((v) => (v === null ? undefined : v), z.string({ error: 'Plaintext is required (text)' })),
});

export const transitEncrypt = createAction({
  auth: vaultAuth,
  name: 'transit_encrypt',
  displayName: 'Encrypt (Transit)',
  description:
    'Encrypts text with a transit key (Vault keeps the key). Type plain text: base64 is handled for you. ' +
    'Returns `{ciphertext}` (`vault:v1:...`), safe to store anywhere.',
  props: {
    key: transitKeyProp,
    plaintext: Property.LongText({ displayName: 'Plaintext', description: 'Text to encrypt (any Unicode).', required: true }),
    transitPath: transitPathProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Encrypts text with a Transit key and returns the ciphertext (vault:v1:...). Reveals nothing stored; each call gives a different ciphertext of the same text.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('transit_encrypt', propsSchema, context.propsValue);
    const transit = new TransitEngine(await clientForRead(context), props.transitPath);
    return { ciphertext: await transit.encrypt(props.key, textToBase64(props.plaintext)) };
  },
});

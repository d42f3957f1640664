import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { textToBase64 } from './common/base64';
import { clientForRead } from './common/client';
import { encodePath, mountPathProp, nameSegment } from './common/segments';
import { transitKeyProp, transitPathProp } from './common/transit-props';
import { parseProps } from './common/validate';

const propsSchema = z.object({
  key: nameSegment('Key'),
  plaintext: z.preprocess((v) => (v === null ? undefined : v), z.string({ error: 'Plaintext is required (text)' })),
  transitPath: mountPathProp('Transit mount path', 'transit'),
});

const encryptAnswer = z.object({ data: z.object({ ciphertext: z.string().min(1) }) });

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
  async run(context) {
    const props = parseProps('transit_encrypt', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const res = await client.request({
      method: 'POST',
      path: `${encodePath(props.transitPath)}/encrypt/${encodeURIComponent(props.key)}`,
      body: { plaintext: textToBase64(props.plaintext) },
      schema: encryptAnswer,
      idempotent: true,
      // A POST that changes nothing in Vault: a read-only connection may encrypt.
      access: 'read',
    });
    return { ciphertext: (res.body as z.infer<typeof encryptAnswer>).data.ciphertext };
  },
});

import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TransitEngine } from '../vault/engines/transit';
import { base64ToText } from '../common/base64';
import { clientForRead } from '../common/client';
import { transitKeyProp, transitKeySchema, transitPathProp } from '../common/transit-props';
import { parseProps } from '../common/validate';
import { VaultError } from '../vault/errors';

const propsSchema = z.object({
  ...transitKeySchema,
  ciphertext: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === null ? undefined : v),
    z
      .string({ error: 'Ciphertext is required (text)' })
      .regex(/^vault:v\d+:/, 'Ciphertext must be a transit ciphertext starting with "vault:v"'),
  ),
});

export const transitDecrypt = createAction({
  auth: vaultAuth,
  name: 'transit_decrypt',
  displayName: 'Decrypt (Transit)',
  description:
    'Decrypts a transit ciphertext (`vault:v1:...`) with its key and returns `{plaintext}` as text. ' +
    'The plaintext is sensitive: map it only into the fields that need it.',
  props: {
    key: transitKeyProp,
    ciphertext: Property.LongText({ displayName: 'Ciphertext', description: '`vault:v1:...`', required: true }),
    transitPath: transitPathProp,
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Returns the plaintext of a Transit ciphertext: the plaintext enters your context and the run history.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('transit_decrypt', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const transit = new TransitEngine(client, props.transitPath);
    const plaintext = base64ToText(await transit.decrypt(props.key, props.ciphertext));
    if (plaintext === null) {
      throw new VaultError({
        kind: 'unexpected_response',
        summary: `The decrypted data (${props.transitPath}/decrypt/${props.key}) is binary, not UTF-8 text`,
        hint: 'Use Custom API Call to get it as base64.',
        address: client.config.url,
        namespace: client.config.namespace,
      });
    }
    return { plaintext };
  },
});

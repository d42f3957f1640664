import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TransitEngine } from '../vault/engines/transit';
import { clientFor } from '../common/client';
import { transitKeyProp, transitKeySchema, transitPathProp } from '../common/transit-props';
import { blankToUndefined, optionalBoolean, parseProps } from '../common/validate';

const propsSchema = z.object({
  ...transitKeySchema,
  plaintext: optionalBoolean.transform((v) => v ?? false),
  bits: z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === 'string' && /^\d{1,4}$/.test(b.trim()) ? Number(b.trim()) : b ?? 256;
    },
    z.union([z.literal(128), z.literal(256), z.literal(512)], { error: 'Bits must be 128, 256 or 512' }),
  ),
});

export const generateDataKey = createAction({
  auth: vaultAuth,
  name: 'generate_data_key',
  displayName: 'Generate Data Key (Transit)',
  description:
    'Envelope encryption: Vault makes a new random key and returns it encrypted with the transit key (`ciphertext`, safe to store beside your data; ' +
    'Decrypt (Transit) gives the key back later). With "Return plaintext key" the key itself comes back as base64 too: a SECRET that stays in the run history, ' +
    'so leave it off unless this step must encrypt locally, and needs a connection that may read (not write-only).',
  audience: 'both',
  aiMetadata: {
    description:
      'Create a data key for envelope encryption with a Vault transit key. Returns {ciphertext, keyVersion} and, only with plaintext: true, the base64 key itself: ' +
      'a secret recorded in the run history. Prefer plaintext: false and decrypt the ciphertext when the key is needed.',
    idempotent: false,
  },
  props: {
    key: transitKeyProp,
    plaintext: Property.Checkbox({
      displayName: 'Return plaintext key',
      description: 'Also return the key itself (base64). It is a SECRET and ends up in the run history. Off by default.',
      required: false,
      defaultValue: false,
    }),
    bits: Property.StaticDropdown({
      displayName: 'Bits',
      description: 'Length of the key: 128, 256 (default) or 512 bits.',
      required: false,
      defaultValue: 256,
      options: {
        options: [
          { label: '128', value: 128 },
          { label: '256', value: 256 },
          { label: '512', value: 512 },
        ],
      },
    }),
    transitPath: transitPathProp,
  },
  async run(context) {
    const props = parseProps('generate_data_key', propsSchema, context.propsValue);
    const transit = new TransitEngine(clientFor(context.auth), props.transitPath);
    return transit.generateDataKey(props.key, { plaintext: props.plaintext, bits: props.bits });
  },
});

import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientFor, markerStore } from '../common/client';
import { parseJsonText } from '../common/json-input';
import { secretPathProp } from '../common/kv-props';
import { optionalInt, parseProps } from '../common/validate';
import { MAX_JSON_DEPTH, depthWithin } from '../vault/json-walk';
import { kvPathProp } from '../common/segments';

const propsSchema = z.object({
  path: kvPathProp('Secret path'),
  data: z.preprocess(
    parseJsonText,
    z
      .record(z.string(), z.unknown(), {
        error: 'Data must be a JSON object of key/value pairs, e.g. {"username": "app", "port": 5432}',
      })
      .refine((d) => depthWithin(d), `Data is nested more than ${MAX_JSON_DEPTH} levels deep; flatten it`),
  ),
  mode: z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? 'merge' : v),
    z.enum(['merge', 'replace', 'create'], { error: 'Mode must be merge, replace or create' }),
  ),
  cas: optionalInt('Check-and-set version', 0),
});

export const writeSecret = createAction({
  auth: vaultAuth,
  name: 'write_secret',
  displayName: 'Write Secret',
  description:
    'Writes key/value pairs to a secret (KV v1 or v2). Merge (default) keeps the keys you do not send; ' +
    'Replace overwrites the whole secret; Create fails if the secret exists. Returns the new version metadata.',
  props: {
    path: secretPathProp,
    data: Property.Json({
      displayName: 'Data',
      description: 'A JSON object: `{"username": "app", "password": "..."}`. Values may be text, numbers, booleans or nested JSON.',
      required: true,
    }),
    mode: Property.StaticDropdown({
      displayName: 'Mode',
      description: 'Merge keeps existing keys; Replace overwrites the secret; Create fails if it already exists.',
      required: false,
      defaultValue: 'merge',
      options: {
        options: [
          { label: 'Merge into the existing secret', value: 'merge' },
          { label: 'Replace the whole secret', value: 'replace' },
          { label: 'Create only (fail if it exists)', value: 'create' },
        ],
      },
    }),
    cas: Property.Number({
      displayName: 'Check-and-set version',
      description:
        'KV v2 only: write only if the current version is this number (0 = only if the secret does not exist).',
      required: false,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Writes key/values to a KV secret (mode merge keeps other keys, replace overwrites the secret, create fails if it exists). Each call makes a new version and create mode fails when repeated; cas makes the write conditional. Returns version metadata, no values.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('write_secret', propsSchema, context.propsValue);
    const client = clientFor(context.auth);
    const metadata = await client.kv.write(props.path, props.data, {
      mode: props.mode,
      cas: props.cas,
      store: markerStore(context),
    });
    // KV v1 keeps no versions.
    return metadata ?? { version: null };
  },
});

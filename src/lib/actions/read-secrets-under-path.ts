import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from '../common/client';
import { readSecretTree } from '../common/kv-tree';
import { kvUsed } from '../common/kv-used';
import { optionalInt, parseProps, requiredText } from '../common/validate';

const DEFAULT_MAX = 100;
const MAX_MAX = 1_000;

const propsSchema = z.object({
  path: requiredText('Folder path'),
  maxSecrets: optionalInt('Max secrets', 1).refine((n) => n === undefined || n <= MAX_MAX, `Max secrets must be at most ${MAX_MAX}`),
});

export const readSecretsUnderPath = createAction({
  auth: vaultAuth,
  name: 'read_secrets_under_path',
  displayName: 'Read Secrets Under Path',
  description:
    'Reads every secret under a folder and its sub-folders (`secret/app/`), KV v1 or v2: `{secrets: {<relative path>: {key: value}}, count, truncated}`. ' +
    'Vault has no bulk read: one list per folder and one read per secret, 8 at a time, through the value cache. ' +
    'Every value lands in the step output and the run log: prefer Read Secret Value for the few values a flow needs.',
  props: {
    path: Property.ShortText({
      displayName: 'Folder path',
      description: 'Mount and folder, e.g. `secret/app/` (KV v2 `secret/data/app/` is accepted too). Sub-folders are read as well.',
      required: true,
    }),
    maxSecrets: Property.Number({
      displayName: 'Max secrets',
      description: `At most this many secrets are read (default ${DEFAULT_MAX}, at most ${MAX_MAX}); \`truncated: true\` when the folder holds more.`,
      required: false,
      defaultValue: DEFAULT_MAX,
    }),
  },
  // Every value it returns goes into the run (and an agent's context): a person chooses to do that.
  audience: 'human',
  aiMetadata: {
    description:
      'Returns the VALUES of every secret under a folder in its output, which is kept in the run history. ' +
      'To use secrets without revealing them, wrap them (wrap_secret) or let send_http_request resolve them inside the request.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('read_secrets_under_path', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const tree = await readSecretTree(client, props.path, props.maxSecrets ?? DEFAULT_MAX);
    return { secrets: tree.secrets, count: tree.count, truncated: tree.truncated, skipped: tree.skipped, kv: kvUsed(tree.location) };
  },
});

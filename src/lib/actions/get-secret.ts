import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from './common/client';
import { kvUsed } from './common/kv-used';
import { secretPathProp, versionProp } from './common/kv-props';
import { optionalInt, parseProps } from './common/validate';
import { kvPathProp } from './common/segments';

const propsSchema = z.object({
  path: kvPathProp('Secret path'),
  version: optionalInt('Version', 1),
});

export const getSecret = createAction({
  auth: vaultAuth,
  name: 'get_secret',
  displayName: 'Get Secret',
  description:
    'Reads every key/value of a secret. Returns `{data, metadata, kv}`; `metadata` is null on KV v1; ' +
    '`kv` says which mount and KV engine version (`kv.engineVersion`, 1 or 2) were used and how that was learned. ' +
    'The values are secrets: map them only into the fields that need them.',
  props: {
    path: secretPathProp,
    version: versionProp,
  },
  async run(context) {
    const props = parseProps('get_secret', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const secret = await client.kv.read(props.path, { version: props.version });
    return { data: secret.data, metadata: secret.metadata, kv: kvUsed(secret.location) };
  },
});

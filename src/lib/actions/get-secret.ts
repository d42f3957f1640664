import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from '../common/client';
import { kvUsed } from '../common/kv-used';
import { secretPathProp, versionProp } from '../common/kv-props';
import { optionalInt, parseProps } from '../common/validate';
import { kvPathProp } from '../common/segments';

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
    'The values are secrets: map them only into the fields that need them. ' +
    'The output is stored in the run history, visible to everyone who can open runs: to use a secret without storing it, call the API with Send HTTP Request, or hand it over with Wrap Secret.',
  props: {
    path: secretPathProp,
    version: versionProp,
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Returns every key and value of a KV secret: the values enter your context and the run history. To call an API with a secret use send_http_request; to hand one to someone use wrap_secret.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('get_secret', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const secret = await client.kv.read(props.path, { version: props.version });
    return { data: secret.data, metadata: secret.metadata, kv: kvUsed(secret.location) };
  },
});

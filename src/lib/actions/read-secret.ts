import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { MIN_REFERENCE_SEGMENTS, REFERENCE_FORMS } from '../vault/kv/reference';
import { clientForRead } from '../common/client';
import { versionProp } from '../common/kv-props';
import { kvUsed } from '../common/kv-used';
import { optionalInt, parseProps, requiredText } from '../common/validate';
import { MAX_PATH_LENGTH } from '../vault/paths';

const propsSchema = z.object({
  reference: requiredText('Reference')
    .refine((s) => s.length <= MAX_PATH_LENGTH, `Reference is longer than ${MAX_PATH_LENGTH} characters`)
    .refine((s) => s.split('/').filter((segment) => segment !== '').length >= MIN_REFERENCE_SEGMENTS, `Reference must look like ${REFERENCE_FORMS}`),
  version: optionalInt('Version', 1),
});

export const readSecret = createAction({
  auth: vaultAuth,
  name: 'read_secret',
  displayName: 'Read Secret Value',
  description:
    'Reads ONE value by reference, the syntax of Activepieces Secret Managers: `mount/data/path/key` on KV v2 ' +
    '(`secret/data/app/api_key` is the key `api_key` of `secret/app`), or `mount/path/key` on KV v1. ' +
    'Returns the value, which is a secret: map it only into the fields that need it. ' +
    '`kv` says which mount and KV engine version (`kv.engineVersion`, 1 or 2) were used and how that was learned; `version` is the secret\'s own version. ' +
    'The output is stored in the run history, visible to everyone who can open runs: to use a secret without storing it, call the API with Send HTTP Request, or hand it over with Wrap Secret.',
  props: {
    reference: Property.ShortText({
      displayName: 'Reference',
      description: '`mount/data/path/key` (KV v2) or `mount/path/key` (KV v1); the last segment is the key.',
      required: true,
    }),
    version: versionProp,
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Returns ONE stored secret value (reference mount/data/path/key): the value enters your context and the run history. To call an API with it use send_http_request; to hand it to someone use wrap_secret.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('read_secret', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const found = await client.kv.readReference(props.reference, { version: props.version });
    const { location } = found;
    return { value: found.value, key: found.key, mount: location.mount, path: location.path, version: found.version, kv: kvUsed(location) };
  },
});

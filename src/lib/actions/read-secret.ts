import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from './common/client';
import { versionProp } from './common/kv-props';
import { kvUsed } from './common/kv-used';
import { optionalInt, parseProps, requiredText } from './common/validate';
import { MAX_PATH_LENGTH, trimSlashes } from '../vault/paths';

const propsSchema = z.object({
  reference: requiredText('Reference')
    .refine((s) => s.length <= MAX_PATH_LENGTH, `Reference is longer than ${MAX_PATH_LENGTH} characters`)
    .refine(
      (s) => trimSlashes(s).split('/').length >= 3,
      'Reference must look like mount/data/path/key (KV v2) or mount/path/key (KV v1)',
    ),
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
    '`kv` says which mount and KV engine version (`kv.engineVersion`, 1 or 2) were used and how that was learned; `version` is the secret\'s own version.',
  props: {
    reference: Property.ShortText({
      displayName: 'Reference',
      description: '`mount/data/path/key` (KV v2) or `mount/path/key` (KV v1); the last segment is the key.',
      required: true,
    }),
    version: versionProp,
  },
  async run(context) {
    const props = parseProps('read_secret', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const found = await client.kv.readReference(props.reference, { version: props.version });
    // Discovery is cached per mount: this costs no further Vault request.
    const location = await client.kv.locate(`${found.mount}${found.path}`);
    return { value: found.value, key: found.key, mount: found.mount, path: found.path, version: found.version, kv: kvUsed(location) };
  },
});

import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from '../common/client';
import { listMounts } from '../common/mounts';
import { optionalBoolean, optionalInt, parseProps } from '../common/validate';
import { VaultError } from '../vault/errors';
import { optionalKvPathProp } from '../common/segments';

const propsSchema = z.object({
  path: optionalKvPathProp('Path'),
  recursive: optionalBoolean,
  limit: optionalInt('Limit', 1),
});

export const listSecrets = createAction({
  auth: vaultAuth,
  name: 'list_secrets',
  displayName: 'List Secrets',
  description:
    'Lists secret names under a folder (`secret/app/`); folders end in `/`. Recursive walks sub-folders and ' +
    'stops at Limit (`truncated: true`). Leave the path empty to list the KV mounts (needs read on `sys/mounts`). ' +
    'Returns names only, never values.',
  props: {
    path: Property.ShortText({
      displayName: 'Folder path',
      description: 'Mount and folder, e.g. `secret/` or `secret/app/`. Empty lists the KV mounts.',
      required: false,
    }),
    recursive: Property.Checkbox({
      displayName: 'Recursive',
      description: 'Include the secrets of every sub-folder (their full paths below this folder).',
      required: false,
      defaultValue: false,
    }),
    limit: Property.Number({
      displayName: 'Limit',
      description: 'Maximum number of names to return (default 10000).',
      required: false,
      defaultValue: 10000,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Lists the names (never the values) of the secrets under a KV folder, optionally recursively.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('list_secrets', propsSchema, context.propsValue);
    const limit = props.limit ?? 10000;
    const client = await clientForRead(context);
    const path = props.path ?? client.config.pathPrefix;
    if (path === undefined) {
      const mounts = await listMounts(client, ['kv']);
      if (mounts === null) {
        throw new VaultError({
          kind: 'permission_denied',
          summary: 'This connection may not list the mounts (read on sys/mounts is denied)',
          hint: 'Type the mount in "Folder path", e.g. secret/.',
          address: client.config.url,
          namespace: client.config.namespace,
        });
      }
      const keys = mounts.map((m) => m.path);
      return { keys: keys.slice(0, limit), truncated: keys.length > limit };
    }
    const result = await client.kv.list(path, { recursive: props.recursive ?? false, limit });
    return { keys: result.keys, truncated: result.truncated };
  },
});

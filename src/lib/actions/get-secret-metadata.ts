import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from '../common/client';
import { secretPathProp } from '../common/kv-props';
import { parseProps } from '../common/validate';
import { kvPathProp } from '../common/segments';

const propsSchema = z.object({ path: kvPathProp('Secret path') });

export const getSecretMetadata = createAction({
  auth: vaultAuth,
  name: 'get_secret_metadata',
  displayName: 'Get Secret Metadata',
  description:
    'KV v2: the versions of a secret (created, deleted, destroyed), current version, max versions, check-and-set ' +
    'requirement and custom metadata. Never returns values.',
  props: { path: secretPathProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Returns a KV v2 secret\'s versions, timestamps and custom metadata; never its values.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('get_secret_metadata', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    return client.kv.readMetadata(props.path);
  },
});

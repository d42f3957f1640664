import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from '../common/client';
import { mountPathProp } from '../common/segments';
import { listTransitKeys, transitPathProp } from '../common/transit-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({ transitPath: mountPathProp('Transit mount path', 'transit') });

export const listTransitKeysAction = createAction({
  auth: vaultAuth,
  name: 'list_transit_keys',
  displayName: 'List Transit Keys',
  description: 'Lists the key names of a transit secrets engine. Returns `{keys}` (names only).',
  props: { transitPath: transitPathProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Lists the key names of a Transit engine; no key material.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('list_transit_keys', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    return { keys: await listTransitKeys(client, props.transitPath) };
  },
});

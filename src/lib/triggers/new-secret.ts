/**
 * Polling trigger: fires once for each secret that appears directly in a folder. The state is the
 * set of paths seen at the last poll (see `common/new-secrets.ts`); no values are read.
 */
import { createTrigger, Property, TriggerStrategy } from '@activepieces/pieces-framework';
import { vaultAuth } from '../auth';
import { clientFor } from '../client-for';
import { NEW_SECRET_LIMIT, NewSecretState, pollNewSecrets } from './common/new-secrets';
import { folderPropsSchema, parseTriggerProps } from './common/props';

const STATE_KEY = 'vault_new_secret_state';

export const newSecretTrigger = createTrigger({
  auth: vaultAuth,
  name: 'new_secret',
  displayName: 'New Secret',
  description: `Fires once for each new secret directly in a folder (up to ${NEW_SECRET_LIMIT} secrets watched). Needs \`list\` on the folder (KV v2: \`<mount>/metadata/<folder>\`).`,
  type: TriggerStrategy.POLLING,
  props: {
    folder: Property.ShortText({
      displayName: 'Folder',
      description: 'The folder to watch, e.g. `secret/app/` (sub-folders are not watched).',
      required: true,
    }),
  },
  sampleData: {
    event: 'created',
    path: 'secret/app/new-service',
    folder: 'secret/app/',
    name: 'new-service',
    version: 1,
    time: '2024-05-01T12:00:00.000000Z',
  },
  async onEnable(context) {
    const { folder } = parseTriggerProps('New Secret', folderPropsSchema, context.propsValue);
    const client = await clientFor(context.auth as Parameters<typeof clientFor>[0]);
    const { state } = await pollNewSecrets(client, folder, null, 'baseline');
    await context.store.put<NewSecretState>(STATE_KEY, state);
  },
  async onDisable(context) {
    await context.store.delete(STATE_KEY);
  },
  async run(context) {
    const { folder } = parseTriggerProps('New Secret', folderPropsSchema, context.propsValue);
    const client = await clientFor(context.auth as Parameters<typeof clientFor>[0]);
    const previous = await context.store.get<NewSecretState>(STATE_KEY);
    const { events, state } = await pollNewSecrets(client, folder, previous, previous ? 'diff' : 'baseline');
    await context.store.put<NewSecretState>(STATE_KEY, state);
    return events;
  },
  async test(context) {
    const { folder } = parseTriggerProps('New Secret', folderPropsSchema, context.propsValue);
    const client = await clientFor(context.auth as Parameters<typeof clientFor>[0]);
    const { events } = await pollNewSecrets(client, folder, null, 'sample');
    return events;
  },
});

/**
 * Polling trigger: fires once for each secret that appears directly in a folder. The state is the
 * set of paths seen at the last poll (see `polling/new-secrets.ts`); no values are read.
 */
import { createTrigger, Property, TriggerStrategy } from '@activepieces/pieces-framework';
import { vaultAuth } from '../auth';
import { NEW_SECRET_LIMIT, NewSecretState, newSecretStateSchema, pollNewSecrets } from './polling/new-secrets';
import { pollingHooks } from './polling/polling-hooks';
import { folderPropsSchema } from './polling/props';

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
  ...pollingHooks({
    displayName: 'New Secret',
    stateKey: STATE_KEY,
    propsSchema: folderPropsSchema,
    stateSchema: newSecretStateSchema,
    poll: (client, { folder }, previous: NewSecretState | null, mode) => pollNewSecrets(client, folder, previous, mode),
  }),
});

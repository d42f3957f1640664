/**
 * Polling trigger: fires once per new version of a secret (or of each secret directly in a
 * folder), and once per deletion when asked.
 *
 * Not `pollingHelper`: TIMEBASED compares our clock with Vault's (skew loses or repeats events, and
 * KV v1 has no times) and LAST_ITEM remembers one id, which cannot track many secrets, deletions
 * or KV v1 content. Exactly once per version needs a per-secret last-seen version (or digest),
 * which this trigger keeps in `context.store` (paths, versions, salted digests; never values).
 */
import { createTrigger, Property, TriggerStrategy } from '@activepieces/pieces-framework';
import { vaultAuth } from '../auth';
import { pollingHooks } from './polling/polling-hooks';
import { watchPropsSchema } from './polling/props';
import { FOLDER_LIMIT, pollSecretChanges, WatchState, watchStateSchema } from './polling/secret-changes';

const STATE_KEY = 'vault_secret_updated_state';

export const secretUpdatedTrigger = createTrigger({
  auth: vaultAuth,
  name: 'secret_updated',
  displayName: 'Secret Updated',
  description:
    `Fires once for each new version of a secret, or of any secret directly in a folder (path ending in \`/\`, up to ${FOLDER_LIMIT} secrets). ` +
    'KV v1 (no versions): fires when the content changes. The event names the changed keys; values only when asked.',
  type: TriggerStrategy.POLLING,
  props: {
    path: Property.ShortText({
      displayName: 'Secret or Folder',
      description: 'A secret (`secret/app/db`) or a folder ending in `/` (`secret/app/`) to watch the secrets directly in it.',
      required: true,
    }),
    includeDeletions: Property.Checkbox({
      displayName: 'Include Deletions',
      description: 'Also fire when a watched secret is deleted (KV v2: its current version deleted or destroyed, or the secret removed).',
      required: false,
      defaultValue: false,
    }),
    includeValues: Property.Checkbox({
      displayName: 'Include Values',
      description: 'Add the new key/values (`data`) to the event. They are secrets: they end up in the flow run logs.',
      required: false,
      defaultValue: false,
    }),
  },
  sampleData: {
    event: 'updated',
    path: 'secret/app/db',
    version: 3,
    time: '2024-05-01T12:00:00.000000Z',
    changedKeys: ['password'],
  },
  ...pollingHooks({
    displayName: 'Secret Updated',
    stateKey: STATE_KEY,
    propsSchema: watchPropsSchema,
    stateSchema: watchStateSchema,
    poll: (client, props, previous: WatchState | null, mode) => pollSecretChanges(client, props, previous, mode),
  }),
});

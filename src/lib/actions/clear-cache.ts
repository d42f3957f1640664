import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientFor, markerStore } from '../common/client';
import { optionalText, parseProps } from '../common/validate';
import { MAX_PATH_LENGTH, lengthProblem, textProblem, trimLeadingSlashes } from '../vault/paths';

const propsSchema = z.object({
  path: optionalText
    .refine((s) => s === undefined || !(lengthProblem(s) ?? textProblem(s)), `Path must be a Vault path (at most ${MAX_PATH_LENGTH} characters, no control characters)`)
    .transform((s) => trimLeadingSlashes(s ?? '')),
});

export const clearCache = createAction({
  auth: vaultAuth,
  name: 'clear_cache',
  displayName: 'Clear Cache',
  description:
    'Forgets cached secret values of this connection so the next read asks Vault (e.g. right after a rotation ' +
    'done outside Activepieces). Path: one secret or a folder prefix (`secret/app/`); empty clears everything ' +
    'for this connection. Applies to every engine worker. Returns how many cached entries were dropped here, and ' +
    'whether the other workers were told (when the Activepieces store is down they drop their copies at their cache TTL).',
  props: {
    path: Property.ShortText({
      displayName: 'Path',
      description: 'A secret (`secret/app/db`) or folder prefix (`secret/app/`). Empty = everything.',
      required: false,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Drops this piece\'s cached secret values (all, or under a path) so the next read asks Vault. Changes nothing in Vault.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('clear_cache', propsSchema, context.propsValue);
    const client = clientFor(context.auth);
    const { dropped, published } = await client.clearCache(props.path, markerStore(context));
    return { cleared: dropped, path: props.path, otherWorkersNotified: published };
  },
});

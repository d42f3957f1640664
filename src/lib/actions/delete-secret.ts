import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientFor, markerStore } from '../common/client';
import { secretPathProp } from '../common/kv-props';
import { parseProps } from '../common/validate';
import { kvPathProp } from '../common/segments';

const propsSchema = z.object({
  path: kvPathProp('Secret path'),
  mode: z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? 'soft' : v),
    z.enum(['soft', 'undelete', 'destroy', 'purge'], { error: 'Mode must be soft, undelete, destroy or purge' }),
  ),
  versions: z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? undefined : Array.isArray(v) ? v.map(toVersion) : v),
    z
      .array(z.number({ error: 'Versions must be whole numbers' }).int('Versions must be whole numbers').min(1, 'Versions start at 1'), {
        error: 'Versions must be a list of version numbers',
      })
      .optional()
      .transform((list) => (list && list.length > 0 ? [...new Set(list)] : undefined)),
  ),
});

function toVersion(row: unknown): unknown {
  let v = row;
  // Array props with sub-props hand rows over as objects: take the row's single value. A loop: a
  // row nested 10,000 levels deep must not overflow the stack.
  for (let depth = 0; v && typeof v === 'object' && !Array.isArray(v) && depth < 10; depth++) {
    const values = Object.values(v as Record<string, unknown>);
    if (values.length !== 1) break;
    v = values[0];
  }
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return v;
}

export const deleteSecret = createAction({
  auth: vaultAuth,
  name: 'delete_secret',
  displayName: 'Delete Secret',
  description:
    'Soft delete (default): hides the latest version, or the listed versions, recoverable with Undelete (KV v2). ' +
    'Undelete restores soft-deleted versions. Destroy PERMANENTLY erases the listed versions. ' +
    'Purge PERMANENTLY erases every version and the metadata. On KV v1 every delete is permanent.',
  props: {
    path: secretPathProp,
    mode: Property.StaticDropdown({
      displayName: 'Mode',
      description: 'Soft delete can be undone. Destroy and Purge are permanent and cannot be undone.',
      required: false,
      defaultValue: 'soft',
      options: {
        options: [
          { label: 'Soft delete (recoverable)', value: 'soft' },
          { label: 'Undelete (restore soft-deleted versions)', value: 'undelete' },
          { label: 'Destroy versions (permanent)', value: 'destroy' },
          { label: 'Purge every version and metadata (permanent)', value: 'purge' },
        ],
      },
    }),
    versions: Property.Array({
      displayName: 'Versions',
      description: 'KV v2: version numbers to delete, undelete or destroy. Empty = the latest (soft delete). Required for undelete and destroy.',
      required: false,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Deletes a KV secret: soft (recoverable on KV v2), undelete, destroy (given versions, permanent) or purge (every version and the metadata, permanent). Confirm with a person before destroy or purge.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('delete_secret', propsSchema, context.propsValue);
    const client = clientFor(context.auth);
    await client.kv.remove(props.path, { mode: props.mode, versions: props.versions, store: markerStore(context) });
    return { path: props.path, mode: props.mode, versions: props.versions ?? null };
  },
});

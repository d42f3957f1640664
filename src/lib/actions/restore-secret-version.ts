import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientFor, markerStore } from '../common/client';
import { restoreVersion } from '../common/kv-restore';
import { secretPathProp } from '../common/kv-props';
import { kvUsed } from '../common/kv-used';
import { blankToUndefined, parseProps, requiredText } from '../common/validate';

/** A required whole number (the builder may send numeric text). */
const versionSchema = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    return typeof b === 'string' && /^\d+$/.test(b.trim()) ? Number(b.trim()) : b;
  },
  z
    .number({ error: (issue) => (issue.input === undefined ? 'Version is required (the version number to restore)' : 'Version must be a whole number') })
    .int('Version must be a whole number')
    .min(1, 'Version must be at least 1'),
);

const propsSchema = z.object({
  path: requiredText('Secret path'),
  version: versionSchema,
});

export const restoreSecretVersion = createAction({
  auth: vaultAuth,
  name: 'restore_secret_version',
  displayName: 'Restore Secret Version',
  description:
    'Rolls a KV v2 secret back: reads version N and writes it as the new current version, with check-and-set, so a write made meanwhile is never lost. ' +
    'Returns `{version, restoredFrom}` (the new current version, and N). A deleted version must be undeleted first; a destroyed one cannot be restored.',
  props: {
    path: secretPathProp,
    version: Property.Number({
      displayName: 'Version',
      description: 'The earlier version to make current again (see Get Secret Metadata for the versions kept).',
      required: true,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description: 'Makes an earlier version of a KV v2 secret the current one by writing it again as a new version. Each run writes a new version.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('restore_secret_version', propsSchema, context.propsValue);
    const client = clientFor(context.auth);
    const restored = await restoreVersion(client, props.path, props.version, markerStore(context));
    return { version: restored.version, restoredFrom: restored.restoredFrom, changed: restored.changed, kv: kvUsed(restored.location) };
  },
});

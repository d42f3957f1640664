import { Property } from '@activepieces/pieces-framework';

export const secretPathProp = Property.ShortText({
  displayName: 'Secret path',
  description:
    'Mount and path of the secret, e.g. `secret/app/db` (KV v1 and v2 alike; `secret/data/app/db` is accepted too).',
  required: true,
});

export const versionProp = Property.Number({
  displayName: 'Version',
  description: 'KV v2 only: a specific version. Empty reads the latest.',
  required: false,
});

import { Property } from '@activepieces/pieces-framework';

export const policyNameProp = Property.ShortText({
  displayName: 'Policy name',
  description: 'An ACL policy name, e.g. `app-read`.',
  required: true,
});

import { Property } from '@activepieces/pieces-framework';

export const policyNameProp = Property.ShortText({
  displayName: 'Policy name',
  description: 'An ACL policy name, e.g. `app-read`.',
  required: true,
});

/** `sys/policies/acl/<name>`: Vault >= 0.9. */
export function policyApiPath(name: string): string {
  return `sys/policies/acl/${encodeURIComponent(name)}`;
}

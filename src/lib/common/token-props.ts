import { Property } from '@activepieces/pieces-framework';

export const policiesProp = (description: string) =>
  Property.Array({
    displayName: 'Policies',
    description,
    required: false,
  });

export const accessorProp = Property.ShortText({
  displayName: 'Token accessor',
  description: 'The accessor of the token (returned by Create Token), not the token itself.',
  required: true,
});

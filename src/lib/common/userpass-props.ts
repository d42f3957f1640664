import { Property } from '@activepieces/pieces-framework';

export const userpassPathProp = Property.ShortText({
  displayName: 'Userpass mount path',
  description: 'Where the userpass auth method is mounted (default `userpass`, i.e. `auth/userpass`).',
  required: false,
  defaultValue: 'userpass',
});

export const usernameProp = Property.ShortText({
  displayName: 'Username',
  required: true,
});

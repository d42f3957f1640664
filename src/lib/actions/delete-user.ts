import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { UserpassEngine } from '../vault/engines/userpass';
import { clientFor } from '../common/client';
import { mountPathProp, nameSegment } from '../common/segments';
import { userpassPathProp, usernameProp } from '../common/userpass-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  username: nameSegment('Username'),
  userpassPath: mountPathProp('Userpass mount path', 'userpass'),
});

export const deleteUser = createAction({
  auth: vaultAuth,
  name: 'delete_user',
  displayName: 'Delete User',
  description:
    'Deletes a userpass user: it can no longer log in. Tokens it already obtained live until their TTL ends ' +
    '(revoke them with Revoke Token).',
  props: { username: usernameProp, userpassPath: userpassPathProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Deletes a userpass user: nobody can log in as it any more.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('delete_user', propsSchema, context.propsValue);
    const userpass = new UserpassEngine(clientFor(context.auth), props.userpassPath);
    await userpass.deleteUser(props.username);
    return { deleted: true, username: props.username };
  },
});

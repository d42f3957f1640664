import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { UserpassEngine } from '../vault/engines/userpass';
import { clientFor } from '../common/client';
import { mountPathProp, nameSegment } from '../common/segments';
import { policiesProp } from '../common/token-props';
import { userpassPathProp, usernameProp } from '../common/userpass-props';
import { optionalDuration, parseProps, textList } from '../common/validate';

const propsSchema = z.object({
  username: nameSegment('Username'),
  password: z.preprocess(
    (v) => (v === null ? undefined : v),
    z.string({ error: 'Password is required (text)' }).min(1, 'Password is required'),
  ),
  policies: textList('Policies'),
  ttl: optionalDuration('TTL'),
  userpassPath: mountPathProp('Userpass mount path', 'userpass'),
});

function ttlSeconds(ttl: string): number {
  const n = Number(ttl.replace(/[smhd]$/, ''));
  const unit = ttl.slice(-1);
  return unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : unit === 'd' ? n * 86400 : n;
}

export const createTemporaryUser = createAction({
  auth: vaultAuth,
  name: 'create_temporary_user',
  displayName: 'Create Temporary User',
  description:
    'Creates (or updates) a userpass user whose logins get tokens with the given policies that expire after TTL ' +
    'and cannot be renewed past it. Delete the user with Delete User when access should end. Never returns the password.',
  props: {
    username: usernameProp,
    // Actions cannot have masked props in this framework version; the value goes to Vault only.
    password: Property.ShortText({
      displayName: 'Password',
      description: 'The password the user logs in with. Sent to Vault only, never returned.',
      required: true,
    }),
    policies: policiesProp('Policies the user\'s tokens get, e.g. `app-read`.'),
    ttl: Property.ShortText({
      displayName: 'TTL',
      description: 'Lifetime of the tokens the user gets at login: `1h`, `30m`, or seconds. Empty = Vault\'s default.',
      required: false,
    }),
    userpassPath: userpassPathProp,
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Creates or updates a userpass user with the password given: whoever knows it can log in to Vault with the user\'s policies until the TTL ends.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('create_temporary_user', propsSchema, context.propsValue);
    const userpass = new UserpassEngine(clientFor(context.auth), props.userpassPath);
    await userpass.writeUser(props.username, {
      password: props.password,
      tokenPolicies: props.policies,
      // The TTL is also the cap: tokens cannot be renewed past it.
      tokenTtl: props.ttl,
      tokenMaxTtl: props.ttl,
    });
    return {
      username: props.username,
      policies: props.policies,
      ttl: props.ttl === undefined ? null : ttlSeconds(props.ttl),
    };
  },
});

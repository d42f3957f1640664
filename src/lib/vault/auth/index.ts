/** Every login method the connection offers, in the order of the Login Method dropdown. */
import { VaultError } from '../errors';
import { appRole } from './approle';
import { cert } from './cert';
import { jwt } from './jwt';
import { kubernetes } from './kubernetes';
import type { LoginMethodSpec } from './method';
import { token } from './token';
import { userpass } from './userpass';

export const LOGIN_METHODS: readonly LoginMethodSpec[] = [appRole, token, userpass, cert, kubernetes, jwt];

export function loginMethodNamed(name: string): LoginMethodSpec {
  const method = LOGIN_METHODS.find((m) => m.name === name);
  if (!method) {
    throw new VaultError({
      kind: 'invalid_config',
      // parseConnection refuses an unknown method first, naming the field; this is for configs built by hand.
      summary: `No login method ${JSON.stringify(name)}: the known ones are ${LOGIN_METHODS.map((m) => m.name).join(', ')}`,
      hint: 'Edit the connection and choose a login method.',
    });
  }
  return method;
}

export type { LoginMethodSpec } from './method';
export { lookupSelf } from './token';

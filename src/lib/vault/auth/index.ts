import type { LoginMethod, VaultConnectionConfig } from '../types';
import { appRoleLogin } from './approle';
import { certLogin } from './cert';
import { jwtLogin } from './jwt';
import { kubernetesLogin } from './kubernetes';
import { tokenLogin } from './token';
import { userpassLogin } from './userpass';

/** The login method the connection asks for. */
export function loginMethodFor(config: VaultConnectionConfig): LoginMethod {
  switch (config.authMethod) {
    case 'appRole':
      return appRoleLogin(config);
    case 'token':
      return tokenLogin(config);
    case 'userpass':
      return userpassLogin(config);
    case 'cert':
      return certLogin(config);
    case 'kubernetes':
      return kubernetesLogin(config);
    case 'jwt':
      return jwtLogin(config);
  }
}

export { METHOD_LABEL } from './login-response';
export { lookupSelf } from './token';

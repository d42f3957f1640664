import { VaultError } from '../errors';
import { encodePath } from '../paths';
import type { LoginMethod, VaultConnectionConfig } from '../types';
import { mountPath, postLogin } from './login-response';

/** Userpass: `POST auth/<mount>/login/<username> {password}`. */
export function userpassLogin(config: VaultConnectionConfig): LoginMethod {
  const mount = mountPath(config.userpassPath);
  return {
    name: 'userpass',
    async login(http) {
      if (!config.username || !config.password) {
        throw new VaultError({ kind: 'invalid_config', summary: 'The username & password login needs both', hint: 'Fill in "Username" and "Password".' });
      }
      const path = `auth/${mount}/login/${encodePath([config.username])}`;
      return postLogin(http, 'userpass', mount, path, { password: config.password }, () => ({
        summary: 'Vault refused the username or password',
        hint: `Check "Username" and "Password", and "Userpass Mount" ("${mount}").`,
      }));
    },
  };
}

import { VaultError } from '../errors';
import type { LoginMethod, VaultConnectionConfig } from '../types';
import { mountPath, postLogin } from './login-response';

/** JWT/OIDC: `POST auth/<mount>/login {role, jwt}`. */
export function jwtLogin(config: VaultConnectionConfig): LoginMethod {
  const mount = mountPath(config.jwtPath);
  return {
    name: 'jwt',
    async login(http) {
      if (!config.jwtRole || !config.jwt) {
        throw new VaultError({ kind: 'invalid_config', summary: 'The JWT login needs a role and a JWT', hint: 'Fill in "JWT Role" and "JWT".' });
      }
      return postLogin(http, 'jwt', mount, `auth/${mount}/login`, { role: config.jwtRole, jwt: config.jwt }, () => ({
        summary: 'Vault refused the JWT login',
        hint: `Check "JWT Role" and that the JWT is valid, not expired, and matches the role's bound audiences and claims at "${mount}".`,
      }));
    },
  };
}

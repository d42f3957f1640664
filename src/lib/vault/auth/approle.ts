import { VaultError } from '../errors';
import type { LoginMethod, VaultConnectionConfig } from '../types';
import { messagesContain, mountPath, postLogin } from './login-response';

/** AppRole: `POST auth/<mount>/login {role_id, secret_id?}` (secret_id optional with bind_secret_id=false). */
export function appRoleLogin(config: VaultConnectionConfig): LoginMethod {
  const mount = mountPath(config.appRolePath);
  return {
    name: 'appRole',
    async login(http) {
      if (!config.roleId) {
        throw new VaultError({ kind: 'invalid_config', summary: 'The AppRole login needs a Role ID', hint: 'Fill in "Role ID".' });
      }
      const body: Record<string, unknown> = { role_id: config.roleId };
      if (config.secretId) body.secret_id = config.secretId;
      return postLogin(http, 'appRole', mount, `auth/${mount}/login`, body, (messages) => {
        if (messagesContain(messages, 'invalid role id') || messagesContain(messages, 'role id')) {
          return {
            summary: 'Vault does not know this Role ID (AppRole login refused)',
            hint: `Check "Role ID" (the role_id of the role, not its name) and "AppRole Mount" ("${mount}").`,
          };
        }
        if (messagesContain(messages, 'missing secret_id') || messagesContain(messages, 'missing secret id')) {
          return {
            summary: 'This AppRole role requires a Secret ID (AppRole login refused)',
            hint: 'Fill in "Secret ID" with a secret_id generated for this role.',
          };
        }
        if (messagesContain(messages, 'secret id') || messagesContain(messages, 'secret_id')) {
          return {
            summary: 'Vault refused the Secret ID: it is wrong, used up (secret_id_num_uses) or expired (secret_id_ttl)',
            hint: 'Generate a new secret_id for the role and paste it into "Secret ID".',
          };
        }
        return {
          summary: 'Vault refused the AppRole login',
          hint: `Check "Role ID", "Secret ID" and "AppRole Mount" ("${mount}").`,
        };
      });
    },
  };
}

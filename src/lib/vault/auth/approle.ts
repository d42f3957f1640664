import { vaultSaid } from '../errors';
import { postLogin } from './login-response';
import { type LoginMethodSpec, methodFieldName, mountField } from './method';

const field = (name: string) => methodFieldName(appRole, name);

/** AppRole: `POST auth/<mount>/login {role_id, secret_id?}` (secret_id optional with bind_secret_id=false). */
export const appRole: LoginMethodSpec = {
  name: 'appRole',
  label: 'AppRole',
  choiceLabel: 'AppRole (recommended)',
  policyHolder: "AppRole role's policies",
  fields: [
    {
      name: 'roleId',
      label: 'Role ID',
      description: 'The role_id of the role (vault read auth/approle/role/NAME/role-id), not the role name.',
      kind: 'text',
      input: 'text',
      secret: true,
    },
    {
      name: 'secretId',
      label: 'Secret ID',
      description: 'A secret_id generated for the role. Leave empty when the role has bind_secret_id=false.',
      kind: 'text',
      input: 'masked',
      secret: true,
    },
    mountField('appRolePath', 'AppRole Mount', 'AppRole', 'approle'),
  ],
  required: ['roleId'],
  async login(config, http) {
    const { roleId, secretId, appRolePath: mount } = config.login;
    const body: Record<string, unknown> = { role_id: roleId };
    if (secretId) body.secret_id = secretId;
    return postLogin(http, appRole, `auth/${mount}/login`, body, (messages) => {
      if (vaultSaid(messages, 'invalid role id', 'role id')) {
        return {
          summary: 'Vault does not know this Role ID (AppRole login refused)',
          hint: `Check ${field('roleId')} (the role_id of the role, not its name) and ${field('appRolePath')} ("${mount}").`,
        };
      }
      if (vaultSaid(messages, 'missing secret_id', 'missing secret id')) {
        return {
          summary: 'This AppRole role requires a Secret ID (AppRole login refused)',
          hint: `Fill in ${field('secretId')} with a secret_id generated for this role.`,
        };
      }
      if (vaultSaid(messages, 'secret id', 'secret_id')) {
        return {
          summary: 'Vault refused the Secret ID: it is wrong, used up (secret_id_num_uses) or expired (secret_id_ttl)',
          hint: `Generate a new secret_id for the role and paste it into ${field('secretId')}.`,
        };
      }
      return {
        summary: 'Vault refused the AppRole login',
        hint: `Check ${field('roleId')}, ${field('secretId')} and ${field('appRolePath')} ("${mount}").`,
      };
    });
  },
};

import { encodePath } from '../paths';
import { postLogin } from './login-response';
import { type LoginMethodSpec, methodFieldName, mountField } from './method';

/** Userpass: `POST auth/<mount>/login/<username> {password}`. */
export const userpass: LoginMethodSpec = {
  name: 'userpass',
  label: 'Username & password',
  choiceLabel: 'Username & password (userpass)',
  policyHolder: "user's policies",
  fields: [
    { name: 'username', label: 'Username', description: 'The user name.', kind: 'text', input: 'text' },
    { name: 'password', label: 'Password', description: 'The password, exactly as set (spaces count).', kind: 'exactText', input: 'masked', secret: true },
    mountField('userpassPath', 'Userpass Mount', 'userpass', 'userpass'),
  ],
  required: ['username', 'password'],
  async login(config, http) {
    const { username, password, userpassPath: mount } = config.login;
    return postLogin(http, userpass, `auth/${mount}/login/${encodePath([username])}`, { password }, () => ({
      summary: 'Vault refused the username or password',
      hint: `Check ${methodFieldName(userpass, 'username')} and ${methodFieldName(userpass, 'password')}, and ${methodFieldName(userpass, 'userpassPath')} ("${mount}").`,
    }));
  },
};

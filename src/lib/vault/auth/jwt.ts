import { postLogin } from './login-response';
import { type LoginMethodSpec, methodFieldName, mountField } from './method';

/** JWT/OIDC: `POST auth/<mount>/login {role, jwt}`. */
export const jwt: LoginMethodSpec = {
  name: 'jwt',
  label: 'JWT/OIDC',
  choiceLabel: 'JWT/OIDC',
  policyHolder: "JWT role's policies",
  fields: [
    { name: 'jwtRole', label: 'JWT Role', description: 'The Vault role of the JWT/OIDC auth method.', kind: 'text', input: 'text' },
    { name: 'jwt', label: 'JWT', description: 'The signed JWT to log in with.', kind: 'text', input: 'masked', secret: true },
    mountField('jwtPath', 'JWT Mount', 'JWT/OIDC', 'jwt'),
  ],
  required: ['jwtRole', 'jwt'],
  async login(config, http) {
    const { jwtRole, jwt: token, jwtPath: mount } = config.login;
    return postLogin(http, jwt, `auth/${mount}/login`, { role: jwtRole, jwt: token }, () => ({
      summary: 'Vault refused the JWT login',
      hint: `Check ${methodFieldName(jwt, 'jwtRole')} and that the JWT is valid, not expired, and matches the role's bound audiences and claims at "${mount}".`,
    }));
  },
};

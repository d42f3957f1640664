import { postLogin } from './login-response';
import { sharedFieldName } from '../connection/shared-fields';
import { type LoginMethodSpec, methodFieldName, mountField } from './method';

/** TLS certificate: the client certificate travels in the mTLS handshake; body `{name?}` picks a role. */
export const cert: LoginMethodSpec = {
  name: 'cert',
  label: 'TLS certificate',
  choiceLabel: 'TLS client certificate',
  policyHolder: "certificate role's policies",
  fields: [
    {
      name: 'certRole',
      label: 'Cert Role',
      description: 'The certificate role to log in with. Optional: Vault tries every role. The certificate and key go in the TLS fields below.',
      kind: 'text',
      input: 'text',
    },
    mountField('certPath', 'Cert Auth Mount', 'cert', 'cert'),
  ],
  required: ['clientCertificate', 'clientKey'],
  async login(config, http) {
    const { certRole, certPath: mount } = config.login;
    const body: Record<string, unknown> = certRole ? { name: certRole } : {};
    return postLogin(http, cert, `auth/${mount}/login`, body, () => ({
      summary: 'Vault refused the client certificate login',
      hint: `The certificate must be trusted by a role of the cert auth method at "${mount}"${certRole ? ` (role "${certRole}")` : ''}: check ${sharedFieldName('clientCertificate')}, ${sharedFieldName('clientKey')} and ${methodFieldName(cert, 'certRole')}.`,
    }));
  },
};

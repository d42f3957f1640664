import { VaultError } from '../errors';
import type { LoginMethod, VaultConnectionConfig } from '../types';
import { mountPath, postLogin } from './login-response';

/** TLS certificate: the client certificate travels in the mTLS handshake; body `{name?}` picks a role. */
export function certLogin(config: VaultConnectionConfig): LoginMethod {
  const mount = mountPath(config.certPath);
  return {
    name: 'cert',
    async login(http) {
      if (!config.clientCertificate || !config.clientKey) {
        throw new VaultError({
          kind: 'invalid_config',
          summary: 'The TLS certificate login needs a client certificate and its key',
          hint: 'Fill in "Client Certificate (PEM)" and "Client Private Key (PEM)" (PEM).',
        });
      }
      const body: Record<string, unknown> = config.certRole ? { name: config.certRole } : {};
      return postLogin(http, 'cert', mount, `auth/${mount}/login`, body, () => ({
        summary: 'Vault refused the client certificate login',
        hint: `The certificate must be trusted by a role of the cert auth method at "${mount}"${config.certRole ? ` (role "${config.certRole}")` : ''}: check "Client Certificate (PEM)", "Client Private Key (PEM)" and "Cert Role".`,
      }));
    },
  };
}

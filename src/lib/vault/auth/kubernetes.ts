import { readFile } from 'node:fs/promises';
import { VaultError } from '../errors';
import type { LoginMethod, VaultConnectionConfig } from '../types';
import { mountPath, postLogin } from './login-response';

export const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Kubernetes: `POST auth/<mount>/login {role, jwt}`; the JWT is the pod's service account token by default. */
export function kubernetesLogin(config: VaultConnectionConfig, tokenFile = SERVICE_ACCOUNT_TOKEN_FILE): LoginMethod {
  const mount = mountPath(config.kubernetesPath);
  return {
    name: 'kubernetes',
    async login(http) {
      if (!config.kubernetesRole) {
        throw new VaultError({ kind: 'invalid_config', summary: 'The Kubernetes login needs a role', hint: 'Fill in "Kubernetes Role".' });
      }
      const jwt = config.kubernetesJwt ?? (await readServiceAccountToken(tokenFile));
      return postLogin(http, 'kubernetes', mount, `auth/${mount}/login`, { role: config.kubernetesRole, jwt }, () => ({
        summary: 'Vault refused the Kubernetes login',
        hint: `Check "Kubernetes Role" and that the role at "${mount}" allows this service account and namespace.`,
      }));
    },
  };
}

async function readServiceAccountToken(file: string): Promise<string> {
  try {
    const jwt = (await readFile(file, 'utf8')).trim();
    if (jwt) return jwt;
  } catch {
    // fall through to the error below
  }
  throw new VaultError({
    kind: 'invalid_config',
    summary: `No Kubernetes service account token: "Kubernetes Service Account Token" is empty and ${file} cannot be read`,
    hint: 'Run Activepieces in a pod with a service account token mounted, or paste a service account JWT into "Kubernetes Service Account Token".',
  });
}

import { readFile } from 'node:fs/promises';
import { VaultError } from '../errors';
import { postLogin } from './login-response';
import { type LoginMethodSpec, methodFieldName, mountField } from './method';

export const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Kubernetes: `POST auth/<mount>/login {role, jwt}`; the JWT is the pod's service account token by default. */
export const kubernetes: LoginMethodSpec = kubernetesWithTokenFile(SERVICE_ACCOUNT_TOKEN_FILE);

/** The method reading the service account token from another file (tests). */
export function kubernetesWithTokenFile(tokenFile: string): LoginMethodSpec {
  const spec: LoginMethodSpec = {
    name: 'kubernetes',
    label: 'Kubernetes',
    choiceLabel: 'Kubernetes service account',
    policyHolder: "Kubernetes role's policies",
    fields: [
      { name: 'kubernetesRole', label: 'Kubernetes Role', description: 'The Vault role bound to the service account.', kind: 'text', input: 'text' },
      {
        name: 'kubernetesJwt',
        label: 'Kubernetes Service Account Token',
        description: `The service account JWT. Empty means the pod's own token, read from ${SERVICE_ACCOUNT_TOKEN_FILE}.`,
        kind: 'text',
        input: 'masked',
        secret: true,
      },
      mountField('kubernetesPath', 'Kubernetes Mount', 'Kubernetes', 'kubernetes'),
    ],
    required: ['kubernetesRole'],
    async login(config, http) {
      const { kubernetesRole, kubernetesJwt, kubernetesPath: mount } = config.login;
      const jwt = kubernetesJwt ?? (await readServiceAccountToken(tokenFile, methodFieldName(spec, 'kubernetesJwt')));
      return postLogin(http, spec, `auth/${mount}/login`, { role: kubernetesRole, jwt }, () => ({
        summary: 'Vault refused the Kubernetes login',
        hint: `Check ${methodFieldName(spec, 'kubernetesRole')} and that the role at "${mount}" allows this service account and namespace.`,
      }));
    },
  };
  return spec;
}

async function readServiceAccountToken(file: string, jwtField: string): Promise<string> {
  try {
    const jwt = (await readFile(file, 'utf8')).trim();
    if (jwt) return jwt;
  } catch {
    // fall through to the error below
  }
  throw new VaultError({
    kind: 'invalid_config',
    summary: `No Kubernetes service account token: ${jwtField} is empty and ${file} cannot be read`,
    hint: `Run Activepieces in a pod with a service account token mounted, or paste a service account JWT into ${jwtField}.`,
  });
}

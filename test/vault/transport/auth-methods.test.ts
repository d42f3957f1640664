/** The JWT and Kubernetes logins against the dev server, and the custom-mount AppRole without a secret_id. */
import { startVaultDevServer, type VaultDevServer } from '../../../dev/server';
import { kubernetesWithTokenFile } from '../../../src/lib/vault/auth/kubernetes';
import { checkConnectionProps } from '../../../src/lib/vault/check-connection';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { createTokenSession } from '../../../src/lib/vault/token-session';
import { closeSetup, configFor, createAppRole, jwtKey, READER_POLICY, root, writePolicy } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

let vault: VaultDevServer;
const { publicKeyPem, sign: signJwt } = jwtKey();

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await writePolicy(vault, 'reader', READER_POLICY);
  await root(vault, 'POST', 'sys/auth/ci-jwt', { type: 'jwt' });
  await root(vault, 'POST', 'auth/ci-jwt/config', { jwt_validation_pubkeys: [publicKeyPem] });
  await root(vault, 'POST', 'auth/ci-jwt/role/deploy', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'repo:acme/app', token_policies: ['reader'] });
  await root(vault, 'POST', 'sys/auth/kubernetes', { type: 'kubernetes' });
  await root(vault, 'POST', 'auth/kubernetes/config', { kubernetes_host: 'https://k8s.example:443' });
  await root(vault, 'POST', 'auth/kubernetes/role/worker', {
    bound_service_account_names: ['activepieces'],
    bound_service_account_namespaces: ['automation'],
    token_policies: ['reader'],
  });
});
afterAll(async () => {
  await closeSetup(vault);
  await vault.stop();
});

const now = () => Math.floor(vault.now / 1000);

it('JWT login at a custom mount', async () => {
  const jwt = signJwt({ sub: 'repo:acme/app', iat: now(), exp: now() + 300 });
  const config = configFor(vault, { authMethod: 'jwt', jwtPath: 'ci-jwt', jwtRole: 'deploy', jwt });
  const http = createVaultHttp(config);
  try {
    const token = await createTokenSession(config, http).token();
    expect(token.policies).toContain('reader');
    expect(vault.requests.at(-1)).toMatchObject({ method: 'POST', path: 'auth/ci-jwt/login', status: 200 });
  } finally {
    await http.close();
  }
  const expired = signJwt({ sub: 'repo:acme/app', iat: now() - 600, exp: now() - 300 });
  const result = await checkConnectionProps({ url: vault.url, authMethod: 'jwt', jwtPath: 'ci-jwt', jwtRole: 'deploy', jwt: expired, maxRetries: 0 });
  expect(!result.valid && result.error).toContain('Vault refused the JWT login');
});

describe('Kubernetes login', () => {
  const saJwt = (name: string) => signJwt({ iss: 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': 'automation', 'kubernetes.io/serviceaccount/service-account.name': name });

  it('logs in with the given service account JWT', async () => {
    const config = configFor(vault, { authMethod: 'kubernetes', kubernetesRole: 'worker', kubernetesJwt: saJwt('activepieces') });
    const http = createVaultHttp(config);
    try {
      expect((await createTokenSession(config, http).token()).policies).toContain('reader');
    } finally {
      await http.close();
    }
    const refused = await checkConnectionProps({ url: vault.url, authMethod: 'kubernetes', kubernetesRole: 'worker', kubernetesJwt: saJwt('intruder'), maxRetries: 0 });
    expect(!refused.valid && refused.error).toContain('Vault refused the Kubernetes login');
  });

  it('without a JWT it reads the pod token file, and says what to do when there is none', async () => {
    const config = configFor(vault, { authMethod: 'kubernetes', kubernetesRole: 'worker' });
    const http = createVaultHttp(config);
    try {
      const e = await errorOf(kubernetesWithTokenFile('/nonexistent/serviceaccount/token').login(config, http));
      expect(e.message).toContain('No Kubernetes service account token');
      expect(e.message).toContain('/nonexistent/serviceaccount/token');
    } finally {
      await http.close();
    }
  });
});

it('AppRole at a custom mount with bind_secret_id=false needs no secret_id', async () => {
  const { roleId } = await createAppRole(vault, { mount: 'machines', role: 'm', policies: ['reader'], bindSecretId: false });
  const result = await checkConnectionProps({ url: vault.url, roleId, appRolePath: 'machines', maxRetries: 0 });
  expect(result).toEqual({ valid: true, warnings: [] });
});

/**
 * Issue 11 proof: JWT and Kubernetes logins are cached (one login for concurrent callers) and
 * renewed like AppRole, then replaced by a fresh login once renewal is capped by the max TTL.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createVaultHttp } from '../../src/lib/vault/http';
import { createTokenSession } from '../../src/lib/vault/token-session';
import { READER_POLICY, closeSetup, configFor, root, writePolicy } from '../vault/transport/support';

let vault: VaultDevServer;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function signJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const TOKEN_FIELDS = { token_policies: ['reader'], token_ttl: '60s', token_max_ttl: '100s' };

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await writePolicy(vault, 'reader', READER_POLICY);
  await root(vault, 'POST', 'secret/data/app/db', { data: { password: 'p' } });
  await root(vault, 'POST', 'sys/auth/jwt', { type: 'jwt' });
  await root(vault, 'POST', 'auth/jwt/config', { jwt_validation_pubkeys: [publicKey.export({ type: 'spki', format: 'pem' })] });
  await root(vault, 'POST', 'auth/jwt/role/deploy', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'repo:acme/app', ...TOKEN_FIELDS });
  await root(vault, 'POST', 'sys/auth/kubernetes', { type: 'kubernetes' });
  await root(vault, 'POST', 'auth/kubernetes/config', { kubernetes_host: 'https://k8s.example:443' });
  await root(vault, 'POST', 'auth/kubernetes/role/worker', {
    bound_service_account_names: ['activepieces'],
    bound_service_account_namespaces: ['automation'],
    ...TOKEN_FIELDS,
  });
});
afterAll(async () => {
  await closeSetup(vault);
  await vault.stop();
});
beforeEach(() => vault.clearRequests());

const nowSec = () => Math.floor(vault.now / 1000);

describe.each([
  {
    name: 'JWT',
    mount: 'jwt',
    props: () => ({ authMethod: 'jwt', jwtRole: 'deploy', jwt: signJwt({ sub: 'repo:acme/app', iat: nowSec(), exp: nowSec() + 3600 }) }),
  },
  {
    name: 'Kubernetes',
    mount: 'kubernetes',
    props: () => ({
      authMethod: 'kubernetes',
      kubernetesRole: 'worker',
      kubernetesJwt: signJwt({
        iss: 'kubernetes/serviceaccount',
        'kubernetes.io/serviceaccount/namespace': 'automation',
        'kubernetes.io/serviceaccount/service-account.name': 'activepieces',
      }),
    }),
  },
])('$name login', ({ mount, props }) => {
  it('is shared by concurrent callers, renewed at about two thirds of its TTL, then replaced at the max TTL', async () => {
    const config = configFor(vault, props());
    const http = createVaultHttp(config);
    const session = createTokenSession(config, http, { now: () => vault.now });
    const logins = () => vault.count({ method: 'POST', path: `auth/${mount}/login` });
    const renewals = () => vault.count({ method: 'POST', path: 'auth/token/renew-self' });
    try {
      const first = await Promise.all(Array.from({ length: 20 }, () => session.token()));
      expect(new Set(first.map((t) => t.clientToken)).size).toBe(1);
      expect(logins()).toBe(1);

      vault.advanceTime(42); // past two thirds of 60 s
      const renewed = await session.token();
      expect(renewed.clientToken).toBe(first[0].clientToken);
      expect(renewals()).toBe(1);

      vault.advanceTime(59); // 101 s: beyond the 100 s max TTL, renewal cannot help
      const replaced = await session.withToken((token) => http.request({ method: 'GET', path: 'secret/data/app/db', token }).then(() => token));
      expect(replaced).not.toBe(first[0].clientToken);
      expect(logins()).toBe(2);
      expect(vault.requests.filter((r) => r.status === 403)).toEqual([]);
    } finally {
      await session.close();
      await http.close();
    }
  });
});

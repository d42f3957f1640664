/**
 * Token lifecycle against the dev server (its clock is moved with advanceTime; the session shares
 * it): one login for concurrent callers, renewal, fresh logins, revoked tokens, for every login
 * method that renews, and over a whole run of reads (a 5-second token during a 20-second run).
 */
import { startVaultDevServer } from '../../../dev/server';
import { readSecret as readSecretAction } from '../../../src/lib/actions/read-secret';
import { clientFor } from '../../../src/lib/common/client';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { closeAllVaultClients } from '../../../src/lib/vault/registry';
import { createTokenSession } from '../../../src/lib/vault/token-session';
import type { TokenSession, VaultHttp } from '../../../src/lib/vault/types';
import { runAction } from '../../helpers/engine';
import { errorOf } from '../../helpers/errors';
import {
  closeSetup,
  configFor,
  createAppRole,
  createToken,
  jwtKey,
  READER_POLICY,
  root,
  rootRequest,
  writePolicy,
  type VaultDevServer,
} from '../../helpers/vault-setup';

let vault: VaultDevServer;
const open: { http: VaultHttp; session: TokenSession }[] = [];

const SECRET_PATH = 'secret/data/app/db';
const PASSWORD = 'p4ss';
const { publicKeyPem, sign: signJwt } = jwtKey();
/** JWT and Kubernetes roles: 60 s tokens, renewable up to 100 s. */
const TOKEN_FIELDS = { token_policies: ['reader'], token_ttl: '60s', token_max_ttl: '100s' };

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await writePolicy(vault, 'reader', READER_POLICY);
  await root(vault, 'POST', SECRET_PATH, { data: { password: PASSWORD } });
  await root(vault, 'POST', 'sys/auth/jwt', { type: 'jwt' });
  await root(vault, 'POST', 'auth/jwt/config', { jwt_validation_pubkeys: [publicKeyPem] });
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
  for (const o of open) await o.http.close();
  await closeAllVaultClients();
  await closeSetup(vault);
  await vault.stop();
});
beforeEach(() => vault.clearRequests());

function sessionFor(props: Record<string, unknown>) {
  const http = createVaultHttp(configFor(vault, props));
  const session = createTokenSession(configFor(vault, props), http, { now: () => vault.now });
  open.push({ http, session });
  return { http, session };
}

async function appRoleSession(role: string, opts: Parameters<typeof createAppRole>[1] extends infer O ? Partial<O> : never = {}) {
  const { roleId, secretId } = await createAppRole(vault, { role, policies: ['reader'], tokenTtl: '60s', tokenMaxTtl: '1h', ...opts });
  return sessionFor({ roleId, secretId });
}

const logins = (mount = 'approle') => vault.count({ method: 'POST', path: `auth/${mount}/login` });
const renewals = () => vault.count({ method: 'POST', path: 'auth/token/renew-self' });

const readSecret = (http: VaultHttp, path = SECRET_PATH) => (token: string) => http.request({ method: 'GET', path, token });

it('50 concurrent callers share one login, and later calls reuse the token', async () => {
  const { session } = await appRoleSession('flight');
  const tokens = await Promise.all(Array.from({ length: 50 }, () => session.token()));
  expect(new Set(tokens.map((t) => t.clientToken)).size).toBe(1);
  await session.token();
  expect(logins()).toBe(1);
  expect(session.stats()).toEqual({ logins: 1, renewals: 0 });
});

it('renews a renewable token at about two thirds of its TTL, keeping the same token', async () => {
  const { session } = await appRoleSession('renew');
  const first = await session.token();
  vault.advanceTime(30);
  await session.token();
  expect(renewals()).toBe(0);
  vault.advanceTime(12); // 42 s of 60
  const renewed = await session.token();
  expect(renewed.clientToken).toBe(first.clientToken);
  expect(renewals()).toBe(1);
  expect(logins()).toBe(1);
  expect(session.stats()).toEqual({ logins: 1, renewals: 1 });
});

it('logs in again once renewals are capped by the max TTL', async () => {
  const { session } = await appRoleSession('capped', { tokenTtl: '60s', tokenMaxTtl: '80s' });
  const first = await session.token();
  vault.advanceTime(42);
  await session.token(); // renewal granted only ~38 s of the 60 asked: capped
  expect(renewals()).toBe(1);
  vault.advanceTime(27);
  const next = await session.token();
  expect(next.clientToken).not.toBe(first.clientToken);
  expect(logins()).toBe(2);
  expect(renewals()).toBe(1);
});

it('logs in again (never renews) with batch tokens', async () => {
  const { session } = await appRoleSession('batch', { tokenType: 'batch' });
  const first = await session.token();
  expect(first.tokenType).toBe('batch');
  vault.advanceTime(42);
  const next = await session.token();
  expect(next.clientToken).not.toBe(first.clientToken);
  expect(logins()).toBe(2);
  expect(renewals()).toBe(0);
});

it('logs in again when the token expired between calls', async () => {
  const { session } = await appRoleSession('expired');
  const first = await session.token();
  vault.advanceTime(120);
  const next = await session.token();
  expect(next.clientToken).not.toBe(first.clientToken);
  expect(renewals()).toBe(0);
  expect(logins()).toBe(2);
});

it('on a 403 with a revoked token, logs in once more and retries once', async () => {
  const { http, session } = await appRoleSession('revoked');
  const first = await session.token();
  await root(vault, 'POST', 'auth/token/revoke', { token: first.clientToken });
  const res = await session.withToken(readSecret(http));
  expect(res.status).toBe(200);
  expect(logins()).toBe(2);
  expect(vault.count({ path: 'secret/data/app/db' })).toBe(2);
});

it('a 403 that a fresh token also gets is reported as a policy problem', async () => {
  const { http, session } = await appRoleSession('policy');
  const e = await errorOf(session.withToken(readSecret(http, 'private/data/x')));
  expect(e.kind).toBe('permission_denied');
  expect(e.message).toContain('The token from the AppRole login is not allowed to GET /v1/private/data/x');
  expect(e.message).toContain('Ask your Vault admin to add "read" on "private/data/x" to the AppRole role\'s policies');
  expect(logins()).toBe(2);
  expect(vault.count({ path: 'private/data/x' })).toBe(2);
});

describe('static token', () => {
  it('renews a renewable token and never logs in', async () => {
    const token = await createToken(vault, { policies: ['reader'], ttl: '60s' });
    const { session } = sessionFor({ authMethod: 'token', token });
    const t = await session.token();
    expect(t).toMatchObject({ fromLogin: false, renewable: true });
    expect(t.leaseDuration).toBeGreaterThan(50);
    vault.advanceTime(42);
    expect((await session.token()).clientToken).toBe(token);
    expect(renewals()).toBe(1);
  });

  it('keeps a non-renewable token, and a 403 is not retried with a new login', async () => {
    const token = await createToken(vault, { policies: ['reader'], ttl: '60s', renewable: false });
    const { http, session } = sessionFor({ authMethod: 'token', token });
    await session.token();
    vault.advanceTime(42);
    await session.token();
    expect(renewals()).toBe(0);
    const e = await errorOf(session.withToken(readSecret(http, 'private/data/x')));
    expect(e.message).toContain('The token is not allowed to GET /v1/private/data/x (or it expired or was revoked)');
    expect(vault.count({ path: 'private/data/x' })).toBe(1);
  });
});

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
    const { http, session } = sessionFor(props());
    const first = await Promise.all(Array.from({ length: 20 }, () => session.token()));
    expect(new Set(first.map((t) => t.clientToken)).size).toBe(1);
    expect(logins(mount)).toBe(1);

    vault.advanceTime(42); // past two thirds of 60 s
    const renewed = await session.token();
    expect(renewed.clientToken).toBe(first[0].clientToken);
    expect(renewals()).toBe(1);

    vault.advanceTime(59); // 101 s: beyond the 100 s max TTL, renewal cannot help
    const replaced = await session.withToken((token) => http.request({ method: 'GET', path: SECRET_PATH, token }).then(() => token));
    expect(replaced).not.toBe(first[0].clientToken);
    expect(logins(mount)).toBe(2);
    expect(vault.requests.filter((r) => r.status === 403)).toEqual([]);
  });
});

describe('over a run (time moves with the dev server)', () => {
  const refused = () => vault.requests.filter((r) => r.status === 403).length;

  /** A connection whose AppRole tokens live 5 s, renewable up to 12 s. */
  async function appRoleProps(role: string) {
    const { roleId, secretId } = await createAppRole(vault, { role, policies: ['reader'], tokenTtl: '5s', tokenMaxTtl: '12s' });
    return { url: vault.url, authMethod: 'appRole', roleId, secretId, cacheTtlSeconds: 0 };
  }

  it('a 5-second token over a 20-second run is renewed before it expires, then replaced: no read fails or is refused', async () => {
    // The session reads the server's clock, so renewal timing follows the simulated time.
    const { http, session } = sessionFor(await appRoleProps('short-lived'));
    const tokens = new Set<string>();
    for (let second = 0; second <= 20; second++) {
      const res = await session.withToken((token) => {
        tokens.add(token);
        return http.request({ method: 'GET', path: SECRET_PATH, token });
      });
      expect(res.status).toBe(200);
      vault.advanceTime(1);
    }
    expect(refused()).toBe(0); // never waited for a 403: refreshed ahead of expiry
    expect(vault.count({ path: SECRET_PATH })).toBe(21); // no read had to be retried
    expect(renewals()).toBeGreaterThanOrEqual(1);
    expect(tokens.size).toBeGreaterThanOrEqual(2); // the 12 s max TTL forced fresh logins
    expect(logins()).toBe(tokens.size);
  });

  it('through read_secret, a 5-second token over a 20-second run never fails a read', async () => {
    // The client here runs on real time while the server's clock jumps: expiry is met by the
    // 403 -> one fresh login -> one retry path, which the engine-shaped run must survive.
    const props = await appRoleProps('short-lived-action');
    for (let second = 0; second <= 20; second++) {
      const out = await runAction(readSecretAction, props, { reference: `${SECRET_PATH}/password` });
      expect(out.value).toBe(PASSWORD);
      vault.advanceTime(1);
    }
    // 21 simulated seconds of 5-second tokens: a handful of logins, not one per read.
    expect(logins()).toBeGreaterThanOrEqual(4);
    expect(logins()).toBeLessThanOrEqual(6);
    expect(vault.count({ path: /sys\/internal\/ui\/mounts/ })).toBe(1);
  });

  it('a token revoked mid-run recovers with exactly one new login; discovery is asked once', async () => {
    const props = await appRoleProps('revoked-mid-run');
    for (let i = 0; i < 10; i++) {
      if (i === 5) {
        const current = await clientFor({ type: 'CUSTOM_AUTH', props }).token();
        const revoked = await rootRequest(vault, 'POST', 'auth/token/revoke', { token: current.clientToken });
        expect(revoked.status).toBe(204);
      }
      const out = await runAction(readSecretAction, props, { reference: `${SECRET_PATH}/password` });
      expect(out.value).toBe(PASSWORD);
    }
    expect(logins()).toBe(2);
    expect(vault.count({ path: SECRET_PATH })).toBe(11); // 10 reads + the one retried after the 403
    expect(vault.count({ path: /sys\/internal\/ui\/mounts/ })).toBe(1);
  });
});

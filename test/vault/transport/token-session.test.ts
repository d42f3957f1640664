/** Token lifecycle against the dev server (its clock is moved with advanceTime; the session shares it). */
import { startVaultDevServer, type VaultDevServer } from '../../../dev/server';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { createTokenSession } from '../../../src/lib/vault/token-session';
import type { TokenSession, VaultHttp } from '../../../src/lib/vault/types';
import { READER_POLICY, closeSetup, configFor, createAppRole, createToken, failure, root, writePolicy } from './support';

let vault: VaultDevServer;
const open: { http: VaultHttp; session: TokenSession }[] = [];

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await writePolicy(vault, 'reader', READER_POLICY);
  await root(vault, 'POST', 'secret/data/app/db', { data: { password: 'p4ss' } });
});
afterAll(async () => {
  for (const o of open) await o.http.close();
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

const readSecret = (http: VaultHttp, path = 'secret/data/app/db') => (token: string) => http.request({ method: 'GET', path, token });

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
  const e = await failure(session.withToken(readSecret(http, 'private/data/x')));
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
    const e = await failure(session.withToken(readSecret(http, 'private/data/x')));
    expect(e.message).toContain('The token is not allowed to GET /v1/private/data/x (or it expired or was revoked)');
    expect(vault.count({ path: 'private/data/x' })).toBe(1);
  });
});

it('reset() forgets the token so the next call logs in', async () => {
  const { session } = await appRoleSession('reset');
  await session.token();
  session.reset();
  await session.token();
  expect(logins()).toBe(2);
});

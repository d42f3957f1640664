import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { call, root } from './call';

describe('fault injection and the request log', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await root(vault, 'POST', 'secret/data/app', { body: { data: { k: 'v' } } });
  });
  afterAll(() => vault.stop());
  beforeEach(() => {
    vault.clearFaults();
    vault.clearRequests();
  });

  it('answers 429 with Retry-After for the next N matching requests, then normally', async () => {
    vault.inject({ path: 'secret/data/app', status: 429, headers: { 'Retry-After': '1' }, times: 2 });
    const first = await root(vault, 'GET', 'secret/data/app');
    const second = await root(vault, 'GET', 'secret/data/app');
    const third = await root(vault, 'GET', 'secret/data/app');
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.body.errors[0]).toContain('rate limit quota exceeded');
    expect(third.body.data.data).toEqual({ k: 'v' });
    expect(vault.count({ path: 'secret/data/app' })).toBe(3);
    expect(vault.requests.filter((r) => r.fault === 'status')).toHaveLength(2);
  });

  it('answers 429 without Retry-After when no header is given', async () => {
    vault.inject({ path: 'secret/data/app', status: 429 });
    const res = await root(vault, 'GET', 'secret/data/app');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it.each([
    [412, 'required index state not present'],
    [500, 'internal error'],
    [502, 'bad gateway'],
    [503, 'Vault is sealed'],
  ])('injects %i with a Vault-shaped body', async (status, text) => {
    vault.inject({ method: 'GET', path: /^secret\//, status });
    const res = await root(vault, 'GET', 'secret/data/app');
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ errors: [text] });
    expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
  });

  it('only hits requests matching method and path', async () => {
    vault.inject({ method: 'POST', path: 'secret/data/app', status: 500 });
    expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
    expect((await root(vault, 'GET', 'secret/data/other')).status).toBe(404);
    expect((await root(vault, 'POST', 'secret/data/app', { body: { data: { k: 'v' } } })).status).toBe(500);
  });

  it('uses a custom body when given', async () => {
    vault.inject({ path: 'secret/data/app', status: 418, body: { errors: ['teapot'] } });
    expect((await root(vault, 'GET', 'secret/data/app')).body).toEqual({ errors: ['teapot'] });
  });

  it('delays and then answers normally with latencyMs', async () => {
    vault.inject({ path: 'secret/data/app', latencyMs: 30 });
    const res = await root(vault, 'GET', 'secret/data/app');
    expect(res.status).toBe(200);
    expect(vault.requests[0].fault).toBe('latency');
  });

  it('drops the connection without an answer', async () => {
    vault.inject({ path: 'secret/data/app', drop: true });
    await expect(root(vault, 'GET', 'secret/data/app')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(vault.requests[0]).toMatchObject({ fault: 'drop', status: 0 });
    expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    vault.inject({ path: 'secret/data/app', hang: true });
    await expect(root(vault, 'GET', 'secret/data/app', { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(vault.requests[0].fault).toBe('hang');
  });

  it('redirects with 307 to the other address, keeping path and query', async () => {
    vault.inject({ path: 'secret/data/app', redirectTo: 'http://127.0.0.1:1/' });
    const res = await root(vault, 'GET', 'secret/data/app?version=1');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('http://127.0.0.1:1/v1/secret/data/app?version=1');
  });

  it('applies probability: 0 never hits, 1 always hits', async () => {
    vault.inject({ path: 'secret/data/app', status: 500, probability: 0, times: 5 });
    for (let i = 0; i < 5; i++) expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
    vault.clearFaults();
    vault.inject({ path: 'secret/data/app', status: 500, probability: 1, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await root(vault, 'GET', 'secret/data/app')).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('clearFaults removes pending faults', async () => {
    vault.inject({ path: 'secret/data/app', status: 500, times: 10 });
    vault.clearFaults();
    expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
  });

  it('logs method, path without /v1 and query, namespace, status and a token label but never the token', async () => {
    await root(vault, 'GET', 'secret/metadata/?list=true');
    await call(vault, 'GET', 'secret/data/app');
    const [list, noToken] = vault.requests;
    expect(list).toMatchObject({ method: 'LIST', path: 'secret/metadata/', query: { list: 'true' }, namespace: '', status: 200, tokenLabel: 'root' });
    expect(noToken).toMatchObject({ method: 'GET', status: 400 });
    expect(noToken.tokenLabel).toBeUndefined();
    expect(vault.count({ method: 'LIST' })).toBe(1);
    expect(vault.count({ path: /^secret\// })).toBe(2);
    const token = (await root(vault, 'POST', 'auth/token/create', { body: { policies: ['default'] } })).body.auth.client_token;
    await call(vault, 'GET', 'auth/token/lookup-self', { token });
    expect(vault.requests.at(-1)!.tokenLabel).toBe('token');
    expect(JSON.stringify(vault.requests)).not.toContain(token);
  });

  it('seal() answers 503 everywhere, health 503; unseal() restores service', async () => {
    vault.seal();
    try {
      expect(await root(vault, 'GET', 'secret/data/app')).toMatchObject({ status: 503, body: { errors: ['error performing token check: Vault is sealed'] } });
      expect(await call(vault, 'GET', 'secret/data/app')).toMatchObject({ status: 503, body: { errors: ['Vault is sealed'] } });
      const health = await call(vault, 'GET', 'sys/health');
      expect(health.status).toBe(503);
      expect(health.body.sealed).toBe(true);
    } finally {
      vault.unseal();
    }
    expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
  });

  it('seals and unseals through the API with the unseal key', async () => {
    expect((await root(vault, 'PUT', 'sys/seal')).status).toBe(204);
    expect((await call(vault, 'GET', 'sys/seal-status')).body.sealed).toBe(true);
    expect((await call(vault, 'PUT', 'sys/unseal', { body: { key: 'wrong' } })).status).toBe(400);
    const res = await call(vault, 'PUT', 'sys/unseal', { body: { key: vault.unsealKey } });
    expect(res.body.sealed).toBe(false);
    expect((await root(vault, 'GET', 'secret/data/app')).status).toBe(200);
  });

  it('reports standby, performance standby, DR secondary and uninitialized health codes', async () => {
    const codes: number[] = [];
    for (const state of [{ standby: true }, { standby: false, performanceStandby: true }, { performanceStandby: false, drSecondary: true }, { drSecondary: false, initialized: false }, { initialized: true }]) {
      vault.setHealth(state);
      codes.push((await call(vault, 'GET', 'sys/health')).status);
    }
    expect(codes).toEqual([429, 473, 472, 501, 200]);
    vault.setHealth({ standby: true });
    expect((await call(vault, 'GET', 'sys/health?standbyok=true')).status).toBe(200);
    vault.setHealth({ standby: false });
  });

  it('counts open connections', async () => {
    expect(vault.openConnections()).toBeGreaterThanOrEqual(0);
    await root(vault, 'GET', 'sys/health');
    expect(vault.openConnections()).toBeGreaterThan(0);
  });
});

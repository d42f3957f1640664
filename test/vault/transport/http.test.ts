/** The HTTP layer against the dev server: headers, LIST, retries, redirects, timeouts, errors. */
import { startVaultDevServer, type VaultDevServer } from '../../../dev/server';
import { createVaultHttp } from '../../../src/lib/vault/http';
import type { VaultHttp } from '../../../src/lib/vault/types';
import { closeSetup, configFor, createNamespace, root } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

let vault: VaultDevServer;
let http: VaultHttp;

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await root(vault, 'POST', 'secret/data/app/db', { data: { password: 'p4ssw0rd-value' } });
  http = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root' }));
});
afterAll(async () => {
  await http.close();
  await closeSetup(vault);
  await vault.stop();
});
beforeEach(() => {
  vault.clearFaults();
  vault.clearRequests();
});

const read = (h = http, path = 'secret/data/app/db') => h.request({ method: 'GET', path, token: 'root' });

describe('requests', () => {
  it('reads with the token, parses JSON and validates with a schema', async () => {
    const { z } = await import('zod');
    const res = await http.request({
      method: 'GET',
      path: 'secret/data/app/db',
      token: 'root',
      schema: z.object({ data: z.object({ data: z.record(z.string(), z.string()) }) }),
    });
    expect(res.status).toBe(200);
    expect(res.body.data.data.password).toBe('p4ssw0rd-value');
    expect(vault.requests[0]).toMatchObject({ method: 'GET', path: 'secret/data/app/db', tokenLabel: 'root' });
  });

  it('a body that does not match the schema is an error naming the field, not the value', async () => {
    const { z } = await import('zod');
    const e = await errorOf(http.request({ method: 'GET', path: 'secret/data/app/db', token: 'root', schema: z.object({ data: z.object({ data: z.object({ password: z.number() }) }) }) }));
    expect(e.kind).toBe('unexpected_response');
    expect(e.message).toContain('data.data.password');
    expect(e.message).not.toContain('p4ssw0rd-value');
  });

  it('sends LIST as GET ?list=true (proxies block the LIST verb)', async () => {
    const res = await http.request<any>({ method: 'LIST', path: 'secret/metadata/', token: 'root' });
    expect(res.body.data.keys).toEqual(['app/']);
    // The dev server logs GET ?list=true as LIST (like Vault); the verb on the wire is checked in non-vault-servers.test.ts.
    expect(vault.requests[0]).toMatchObject({ path: 'secret/metadata/', query: { list: 'true' } });
  });

  it('sends the namespace header on every request', async () => {
    await createNamespace(vault, 'team');
    const nsHttp = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root', namespace: '/team/' }));
    try {
      await nsHttp.request({ method: 'GET', path: 'auth/token/lookup-self', token: 'root' });
      expect(vault.requests.at(-1)).toMatchObject({ namespace: 'team', path: 'auth/token/lookup-self' });
    } finally {
      await nsHttp.close();
    }
  });

  it('maps 403 and 404 to their kinds and keeps the Vault message', async () => {
    const denied = await errorOf(http.request({ method: 'GET', path: 'secret/data/app/db', token: 's.bogusTokenThatIsLongEnough' }));
    expect(denied.kind).toBe('permission_denied');
    expect(denied.message).toContain('GET /v1/secret/data/app/db');
    expect(denied.message).toContain(vault.url);
    expect(denied.message).toContain('permission denied');
    const missing = await errorOf(read(http, 'secret/data/nothing'));
    expect(missing.kind).toBe('not_found');
    expect(missing.status).toBe(404);
  });

  it('accepts statuses the caller marks as answers', async () => {
    const res = await http.request({ method: 'GET', path: 'secret/data/nothing', token: 'root', acceptStatuses: [404] });
    expect(res.status).toBe(404);
  });
});

describe('retries', () => {
  it.each([
    [412, 2],
    [500, 2],
    [502, 1],
    [503, 1],
  ])('retries a read after %i and succeeds', async (status, times) => {
    vault.inject({ path: 'secret/data/app/db', status, times });
    const res = await read();
    expect(res.status).toBe(200);
    expect(vault.count({ path: 'secret/data/app/db' })).toBe(times + 1);
  });

  it('retries a read after a dropped connection', async () => {
    vault.inject({ path: 'secret/data/app/db', drop: true });
    await read();
    expect(vault.count({ path: 'secret/data/app/db' })).toBe(2);
  });

  it('honours Retry-After on 429', async () => {
    vault.inject({ path: 'secret/data/app/db', status: 429, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    await read();
    expect(vault.count({ path: 'secret/data/app/db' })).toBe(2);
    // The wait is at least what Vault asked for (a lower bound, not a timing assertion on speed).
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxRetries with the last error', async () => {
    const h = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root', maxRetries: 2 }));
    vault.inject({ path: 'secret/data/app/db', status: 500, times: 10 });
    const e = await errorOf(read(h));
    await h.close();
    expect(e.kind).toBe('server');
    expect(e.message).toContain('server error (500)');
    expect(vault.count({ path: 'secret/data/app/db' })).toBe(3);
  });

  it.each([400, 403, 404])('never retries %i', async (status) => {
    vault.inject({ path: 'secret/data/app/db', status, times: 5 });
    await errorOf(read());
    expect(vault.count({ path: 'secret/data/app/db' })).toBe(1);
  });

  it('does not retry a non-idempotent write that reached Vault (500 or dropped)', async () => {
    const write = () => http.request({ method: 'POST', path: 'secret/data/app/db', token: 'root', body: { data: { a: 'b' } } });
    vault.inject({ method: 'POST', path: 'secret/data/app/db', status: 500, times: 5 });
    await errorOf(write());
    expect(vault.count({ method: 'POST', path: 'secret/data/app/db' })).toBe(1);
    vault.clearFaults();
    vault.inject({ method: 'POST', path: 'secret/data/app/db', drop: true, times: 5 });
    const e = await errorOf(write());
    expect(e.kind).toBe('connection');
    expect(vault.count({ method: 'POST', path: 'secret/data/app/db' })).toBe(2);
  });

  it('retries a write marked idempotent (e.g. with cas)', async () => {
    vault.inject({ method: 'POST', path: 'secret/data/app/db', status: 502 });
    await http.request({ method: 'POST', path: 'secret/data/app/db', token: 'root', body: { data: { password: 'p4ssw0rd-value' } }, idempotent: true });
    expect(vault.count({ method: 'POST', path: 'secret/data/app/db' })).toBe(2);
  });

  it('a sealed Vault is retried within the budget, then the error says sealed', async () => {
    const h = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root', retryBudgetSeconds: 1 }));
    vault.seal();
    try {
      const e = await errorOf(read(h));
      expect(e.kind).toBe('sealed');
      expect(e.message).toContain('Vault is sealed');
      expect(e.message).toContain('unseal');
      expect(vault.count({ path: 'secret/data/app/db' })).toBeGreaterThan(1);
    } finally {
      vault.unseal();
      await h.close();
    }
  });

  it('after failing 5xx, says when sys/health reports a standby node', async () => {
    const h = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root', maxRetries: 0 }));
    vault.setHealth({ standby: true });
    vault.inject({ path: 'secret/data/app/db', status: 500 });
    try {
      const e = await errorOf(read(h));
      expect(e.kind).toBe('standby');
      expect(e.message).toContain('standby');
      expect(e.message).toContain('active node');
    } finally {
      vault.setHealth({ standby: false });
      await h.close();
    }
  });
});

describe('timeouts', () => {
  it('a hung Vault fails within the request timeout', async () => {
    const h = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root', requestTimeoutSeconds: 1, maxRetries: 0 }));
    vault.inject({ path: 'secret/data/app/db', hang: true });
    const e = await errorOf(read(h));
    await h.close();
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('did not answer within 1 s');
  });
});

describe('HA redirects', () => {
  let active: VaultDevServer;
  beforeAll(async () => {
    active = await startVaultDevServer({ rootToken: 'root' });
    await root(active, 'POST', 'secret/data/app/db', { data: { password: 'from-active' } });
  });
  afterAll(async () => {
    await closeSetup(active);
    await active.stop();
  });
  beforeEach(() => active.clearRequests());

  it('follows a 307 to an allowed node, with the token', async () => {
    const h = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root', allowedRedirectAddresses: `${active.url}/` }));
    vault.inject({ path: 'secret/data/app/db', redirectTo: active.url });
    try {
      const res = await read(h);
      expect((res.body as any).data.data.password).toBe('from-active');
      expect(active.requests).toHaveLength(1);
      expect(active.requests[0]).toMatchObject({ path: 'secret/data/app/db', tokenLabel: 'root' });
    } finally {
      await h.close();
    }
  });

  it('refuses a 307 to a node that is not allowed, and sends it nothing', async () => {
    vault.inject({ path: 'secret/data/app/db', redirectTo: active.url });
    const e = await errorOf(read());
    expect(e.message).toContain(`Vault redirected to another node (${active.url})`);
    expect(e.message).toContain('Allowed Redirect Addresses');
    expect(active.requests).toHaveLength(0);
  });

  it('stops after 3 hops', async () => {
    vault.inject({ path: 'secret/data/app/db', redirectTo: vault.url, times: 10 });
    const e = await errorOf(read());
    expect(e.message).toContain('redirected more than 3 times');
    expect(vault.count({ path: 'secret/data/app/db' })).toBe(4);
  });
});

it('reuses keep-alive connections instead of opening one per request', async () => {
  const before = vault.openConnections();
  const h = createVaultHttp(configFor(vault, { authMethod: 'token', token: 'root' }));
  for (let i = 0; i < 10; i++) await read(h);
  // undici may open a second socket while the first is being released; never one per request.
  expect(vault.openConnections()).toBeLessThanOrEqual(before + 2);
  await h.close();
});


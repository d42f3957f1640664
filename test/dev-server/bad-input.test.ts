import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { call, root } from './call';

describe('bad input never crashes the server', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
  });
  afterAll(() => vault.stop());
  afterEach(async () => {
    expect((await call(vault, 'GET', 'sys/health')).status).toBe(200);
  });

  it('malformed JSON: 400 error parsing JSON', async () => {
    for (const raw of ['{"data": ', 'nope', '[1,2]', '"str"', '\u0000\u0001']) {
      expect(await root(vault, 'POST', 'secret/data/x', { rawBody: raw })).toMatchObject({ status: 400, body: { errors: ['error parsing JSON'] } });
    }
  });

  it('unknown paths: 404 no handler for route', async () => {
    expect(await root(vault, 'GET', 'nope/foo')).toMatchObject({ status: 404, body: { errors: ["no handler for route 'nope/foo'"] } });
    expect(await root(vault, 'GET', 'sys/not-a-thing')).toMatchObject({ status: 404, body: { errors: ["no handler for route 'sys/not-a-thing'"] } });
  });

  it('wrong methods: 405 unsupported operation', async () => {
    const expected = { status: 405, body: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] } };
    expect(await root(vault, 'DELETE', 'sys/mounts')).toMatchObject(expected);
    // sys/seal-status is served by Vault's HTTP handler, not the logical router: a bare 405.
    expect(await root(vault, 'PUT', 'sys/seal-status')).toMatchObject({ status: 405, body: { errors: [] } });
    expect(await root(vault, 'GET', 'auth/token/create')).toMatchObject(expected);
  });

  it('missing token: 400 missing client token; bogus token: 403', async () => {
    expect(await call(vault, 'GET', 'secret/data/x')).toMatchObject({ status: 400, body: { errors: ['missing client token'] } });
    expect(await call(vault, 'GET', 'secret/data/x', { token: 'garbage\u00e9' })).toMatchObject({ status: 403 });
  });

  it('bodies over 32 MiB: 413 "error parsing JSON", as Vault words its MaxBytesReader failure', async () => {
    const huge = `{"data":{"v":"${'x'.repeat(33 * 1024 * 1024)}"}}`;
    const res = await root(vault, 'POST', 'secret/data/huge', { rawBody: huge });
    expect(res).toMatchObject({ status: 413, body: { errors: ['error parsing JSON'] } });
    expect((await root(vault, 'GET', 'secret/data/huge')).status).toBe(404);
  });

  it('odd paths and values', async () => {
    expect((await root(vault, 'GET', 'secret/data/%E0%A4%A')).status).toBe(404);
    expect((await root(vault, 'POST', 'secret/data/x', { body: { data: 'not-an-object' } })).status).toBe(400);
    expect((await root(vault, 'POST', 'secret/data/x', { body: { data: { a: 1 }, options: { cas: 'abc' } } })).status).toBe(400);
    expect((await root(vault, 'POST', 'auth/token/create', { body: { ttl: 'forever' } })).status).toBe(400);
    expect((await root(vault, 'POST', 'sys/mounts/m', { body: { type: 42 } })).status).toBe(400);
    expect((await root(vault, 'POST', 'sys/mounts/m', { body: { type: 'nosuch' } })).status).toBe(400);
    expect((await root(vault, 'POST', 'sys/mounts/secret/nested', { body: { type: 'kv' } })).body.errors[0]).toBe('path is already in use at secret/');
  });

  it('unknown HTTP methods get 405', async () => {
    expect((await root(vault, 'OPTIONS', 'secret/data/x')).status).toBe(405);
  });
});

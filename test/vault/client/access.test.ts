import { startVaultDevServer } from '../../../dev/server';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient, VaultConnectionConfig } from '../../../src/lib/vault/types';
import { enableKv, kvPut, testConfig } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;

describe('access mode and path prefix', () => {
  let vault: Vault;
  const clients: VaultClient[] = [];
  const newClient = (over: Partial<VaultConnectionConfig>) => {
    const c = createVaultClient(testConfig(vault, { token: vault.rootToken, ...over }));
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-access' });
    await enableKv(vault, 'secret', 2);
    await kvPut(vault, 'secret', 'team-a/db', { password: 'a-pass' });
    await kvPut(vault, 'secret', 'team-b/db', { password: 'b-pass' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await vault.stop();
  });
  beforeEach(() => vault.clearRequests());

  it('read_only refuses every write, delete and write-method request before sending anything', async () => {
    const c = newClient({ accessMode: 'read_only' });
    for (const op of [
      () => c.kv.write('secret/team-a/db', { password: 'x' }),
      () => c.kv.write('secret/team-a/db', { password: 'x' }, { mode: 'replace' }),
      () => c.kv.remove('secret/team-a/db', { mode: 'soft' }),
      () => c.kv.remove('secret/team-a/db', { mode: 'purge' }),
      () => c.request({ method: 'POST', path: 'auth/token/create', body: {}, access: 'mint' }),
      () => c.request({ method: 'PUT', path: 'sys/policies/acl/x', body: { policy: '' }, access: 'write' }),
      () => c.request({ method: 'DELETE', path: 'secret/metadata/team-a/db', access: 'write' }),
    ]) {
      const err = await errorOf(op);
      expect(err.kind).toBe('access_denied_by_connection');
      expect(err.message).toMatch(/read-only/);
    }
    expect(vault.requests).toHaveLength(0);
    expect((await c.kv.read('secret/team-a/db')).data).toEqual({ password: 'a-pass' });
    expect((await c.request({ method: 'GET', path: 'secret/data/team-a/db', access: 'read' })).status).toBe(200);
  });

  it('write_only refuses reads, references, listings and GET requests, but writes', async () => {
    const c = newClient({ accessMode: 'write_only' });
    for (const op of [
      () => c.kv.read('secret/team-a/db'),
      () => c.kv.readReference('secret/data/team-a/db/password'),
      () => c.kv.list('secret/team-a'),
      () => c.kv.readMetadata('secret/team-a/db'),
      () => c.request({ method: 'GET', path: 'secret/data/team-a/db', access: 'read' }),
    ]) {
      expect((await errorOf(op)).kind).toBe('access_denied_by_connection');
    }
    expect(vault.requests).toHaveLength(0);
    await c.kv.write('secret/team-a/new', { k: 'v' }, { mode: 'replace' });
    expect(vault.count({ method: 'POST', path: /secret\/data\/team-a\/new$/ })).toBe(1);
  });

  it('confines paths, references, listings and requests to the prefix', async () => {
    const c = newClient({ pathPrefix: 'secret/team-a/' });
    expect((await c.kv.read('secret/team-a/db')).data).toEqual({ password: 'a-pass' });
    expect((await c.kv.read('secret/data/team-a/db')).data).toEqual({ password: 'a-pass' });
    expect((await c.kv.readReference('secret/data/team-a/db/password')).value).toBe('a-pass');
    expect((await c.kv.list('secret/team-a')).keys).toContain('db');
    expect((await c.request({ method: 'GET', path: 'secret/data/team-a/db', access: 'read' })).status).toBe(200);
    vault.clearRequests();
    for (const op of [
      () => c.kv.read('secret/team-b/db'),
      () => c.kv.read('secret/data/team-b/db'),
      () => c.kv.read('secret/team-a/../team-b/db'),
      () => c.kv.readReference('secret/data/team-b/db/password'),
      () => c.kv.list('secret/'),
      () => c.kv.write('secret/team-ab/x', { k: 'v' }),
      () => c.kv.remove('other/team-a/db', { mode: 'purge' }),
      () => c.request({ method: 'GET', path: 'secret/data/team-b/db', access: 'read' }),
      () => c.request({ method: 'GET', path: 'sys/mounts', access: 'read' }),
    ]) {
      const err = await errorOf(op);
      expect(['access_denied_by_connection', 'invalid_path']).toContain(err.kind);
      expect(err.message).not.toContain('b-pass');
    }
    expect(vault.requests).toHaveLength(0);
  });

  it('client.request keeps a prefixed connection inside its prefix on a KV v1 mount, where "data" is just a folder', async () => {
    await enableKv(vault, 'flat', 1);
    await kvPut(vault, 'flat', 'data/team-a/x', { password: 'outside' });
    await kvPut(vault, 'flat', 'team-a/x', { password: 'inside' });
    const c = newClient({ pathPrefix: 'flat/team-a/' });
    const err = await errorOf(() => c.request({ method: 'GET', path: 'flat/data/team-a/x', access: 'read' }));
    expect(err.kind).toBe('access_denied_by_connection');
    expect(vault.count({ method: 'GET', path: 'flat/data/team-a/x' })).toBe(0);
    expect(((await c.request<any>({ method: 'GET', path: 'flat/team-a/x', access: 'read' })).body).data.password).toBe('inside');
  });

  it('client.request lets a KV v2 API path of a secret inside the prefix through', async () => {
    const c = newClient({ pathPrefix: 'secret/team-a/' });
    expect(((await c.request<any>({ method: 'GET', path: 'secret/data/team-a/db', access: 'read' })).body).data.data.password).toBe('a-pass');
    await expect(c.request({ method: 'GET', path: 'secret/data/team-b/db', access: 'read' })).rejects.toMatchObject({ kind: 'access_denied_by_connection' });
  });

  it('a prefixed connection refuses an over-long path before building its variants (library callers too)', async () => {
    const c = newClient({ pathPrefix: 'secret/team-a/' });
    vault.clearRequests();
    const err = await errorOf(() => c.kv.read('secret/' + 'data/'.repeat(13_000) + 'x'));
    expect(err.kind).toBe('access_denied_by_connection');
    expect(err.message).toContain('longer than 4096');
    expect(err.message.length).toBeLessThan(1_000);
    expect(vault.requests).toHaveLength(0);
  });
});

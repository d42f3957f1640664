import { startVaultDevServer } from '../../../dev/server';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient } from '../../../src/lib/vault/types';
import { enableKv, testConfig } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;

describe('KV v1 through the client', () => {
  let vault: Vault;
  let client: VaultClient;

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-kv1' });
    await enableKv(vault, 'kv1', 1);
    client = createVaultClient(testConfig(vault, { token: vault.rootToken }));
  });
  afterAll(async () => {
    await client.close();
    await vault.stop();
  });

  it('writes, merges, replaces and reads with the v1 layout (no data/)', async () => {
    expect(await client.kv.write('kv1/app/db', { user: 'bob', pass: 'hunter2' })).toBeNull();
    await client.kv.write('kv1/app/db', { port: 5432, tls: { on: true } });
    const secret = await client.kv.read('kv1/app/db');
    expect(secret).toEqual({
      location: { mount: 'kv1/', kvVersion: 1, path: 'app/db', discoveredBy: 'ui-mounts' },
      data: { user: 'bob', pass: 'hunter2', port: 5432, tls: { on: true } },
      metadata: null,
    });
    expect(vault.count({ method: 'POST', path: /kv1\/app\/db$/ })).toBe(2);
    expect(vault.count({ path: /kv1\/data\// })).toBe(0);

    await client.kv.write('kv1/app/db', { only: 'x' }, { mode: 'replace' });
    expect((await client.kv.read('kv1/app/db')).data).toEqual({ only: 'x' });
  });

  it('create refuses an existing secret; cas, versions, undelete, destroy and metadata say they need KV v2', async () => {
    await client.kv.write('kv1/c', { a: '1' }, { mode: 'create' });
    expect((await errorOf(() => client.kv.write('kv1/c', { a: '2' }, { mode: 'create' }))).message).toMatch(/already exists at kv1\/c/);
    for (const op of [
      () => client.kv.write('kv1/c', { a: '2' }, { cas: 1 }),
      () => client.kv.read('kv1/c', { version: 1 }),
      () => client.kv.remove('kv1/c', { mode: 'undelete', versions: [1] }),
      () => client.kv.remove('kv1/c', { mode: 'destroy', versions: [1] }),
      () => client.kv.readMetadata('kv1/c'),
    ]) {
      const err = await errorOf(op);
      expect(err.kind).toBe('bad_request');
      expect(err.message).toMatch(/needs KV v2.*KV v1/);
    }
    expect((await client.kv.read('kv1/c', { bypassCache: true })).data).toEqual({ a: '1' });
  });

  it('lists folders, treats a missing folder as empty, and deletes (soft and purge)', async () => {
    await client.kv.write('kv1/list/one', { x: '1' });
    await client.kv.write('kv1/list/dir/two', { x: '1' });
    expect(await client.kv.list('kv1/list')).toEqual({ keys: ['dir/', 'one'], truncated: false });
    expect((await client.kv.list('kv1/list', { recursive: true })).keys.sort()).toEqual(['dir/two', 'one']);
    expect(await client.kv.list('kv1/nothing/')).toEqual({ keys: [], truncated: false });

    await client.kv.remove('kv1/list/one', { mode: 'soft' });
    await client.kv.remove('kv1/list/dir/two', { mode: 'purge' });
    expect((await errorOf(() => client.kv.read('kv1/list/one'))).kind).toBe('not_found');
    expect(await client.kv.list('kv1/list')).toEqual({ keys: [], truncated: false });
  });

  it('resolves mount/path/key references', async () => {
    await client.kv.write('kv1/ref', { token: 'abc-123' }, { mode: 'replace' });
    expect(await client.kv.readReference('kv1/ref/token')).toEqual({ value: 'abc-123', key: 'token', version: null, location: { mount: 'kv1/', path: 'ref', kvVersion: 1, discoveredBy: 'ui-mounts' } });
    const err = await errorOf(() => client.kv.readReference('kv1/ref/nope'));
    expect(err.message).toContain('Keys there: "token"');
    expect(err.message).not.toContain('abc-123');
  });

  it('names mount, version and tried path for a missing secret', async () => {
    const err = await errorOf(() => client.kv.read('kv1/missing'));
    expect(err.message).toMatch(/No secret at kv1\/missing \(KV v1 mount "kv1\/"\)/);
    expect(err.message).toContain('GET /v1/kv1/missing');
  });
});

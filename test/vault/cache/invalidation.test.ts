import { startVaultDevServer } from '../../../dev/server';
import { createVaultClient } from '../../../src/lib/vault/client';
import { invalidationMarkerKey, invalidationScopeDigest } from '../../../src/lib/vault/cache-keys';
import type { VaultClient } from '../../../src/lib/vault/types';
import { createToken, enableKv, kvPut, testConfig, writePolicy } from '../../helpers/vault-setup';
import { MemoryStore } from '../../helpers/engine';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;

describe('cache invalidation across workers', () => {
  let vault: Vault;
  const clients: VaultClient[] = [];
  /** Two clients of one connection that share nothing but a store: two engine workers. */
  const twoWorkers = (check = 0) => {
    const config = testConfig(vault, { token: vault.rootToken });
    const pair = [createVaultClient(config, { invalidationCheckSeconds: check }), createVaultClient(config, { invalidationCheckSeconds: check })];
    clients.push(...pair);
    return pair;
  };

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-inval' });
    await enableKv(vault, 'secret', 2);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await vault.stop();
  });

  it('a rotation outside the client is seen by both workers after one clearCache', async () => {
    const store = new MemoryStore();
    const [w1, w2] = twoWorkers();
    await kvPut(vault, 'secret', 'app/db', { password: 'old-pass' });
    expect((await w1.kv.read('secret/app/db')).data.password).toBe('old-pass');
    expect((await w2.kv.read('secret/app/db')).data.password).toBe('old-pass');

    await kvPut(vault, 'secret', 'app/db', { password: 'rotated-pass' });
    expect((await w2.kv.read('secret/app/db')).data.password).toBe('old-pass');

    expect(await w1.clearCache('secret/app/', store)).toEqual({ dropped: 1, published: true });
    expect((await w1.kv.read('secret/app/db')).data.password).toBe('rotated-pass');

    await w2.syncInvalidation(store);
    expect((await w2.kv.read('secret/app/db')).data.password).toBe('rotated-pass');

    expect(store.dump()).not.toContain('pass');
    expect(store.keys()).toEqual([invalidationMarkerKey(invalidationScopeDigest(w1.config))]);
  });

  it('applies two quick clears of different folders', async () => {
    const store = new MemoryStore();
    const [w1, w2] = twoWorkers();
    await kvPut(vault, 'secret', 'f1/x', { v: '1' });
    await kvPut(vault, 'secret', 'f2/x', { v: '1' });
    await kvPut(vault, 'secret', 'f3/x', { v: '1' });
    await Promise.all(['secret/f1/x', 'secret/f2/x', 'secret/f3/x'].map((p) => w2.kv.read(p)));
    for (const f of ['f1', 'f2', 'f3']) await kvPut(vault, 'secret', `${f}/x`, { v: '2' });

    await w1.clearCache('secret/f1/', store);
    await w1.clearCache('secret/data/f2/', store);
    await w2.syncInvalidation(store);

    expect((await w2.kv.read('secret/f1/x')).data.v).toBe('2');
    expect((await w2.kv.read('secret/f2/x')).data.v).toBe('2');
    expect((await w2.kv.read('secret/f3/x')).data.v).toBe('1');
  });

  it('a write through one worker with a store refreshes the other', async () => {
    const store = new MemoryStore();
    const [w1, w2] = twoWorkers();
    await kvPut(vault, 'secret', 'w/x', { v: '1' });
    await w2.kv.read('secret/w/x');
    await w1.kv.write('secret/w/x', { v: '2' }, { store });
    await w2.syncInvalidation(store);
    expect((await w2.kv.read('secret/w/x')).data.v).toBe('2');
  });

  it('reads the store at most once per check interval', async () => {
    const store = new MemoryStore();
    let gets = 0;
    const counting = { get: async <T>(k: string) => (gets++, store.get<T>(k)), put: store.put.bind(store) };
    const [, w2] = twoWorkers(60);
    await w2.syncInvalidation(counting);
    await w2.syncInvalidation(counting);
    await w2.syncInvalidation(counting);
    expect(gets).toBe(1);
  });

  it('keeps values read after the marker was written', async () => {
    const store = new MemoryStore();
    const [w1, w2] = twoWorkers();
    await kvPut(vault, 'secret', 'late/x', { v: '1' });
    await w1.clearCache('secret/late/', store);
    await w2.kv.read('secret/late/x');
    vault.clearRequests();
    await w2.syncInvalidation(store);
    await w2.kv.read('secret/late/x');
    expect(vault.count({ path: /secret\/data\/late\/x$/ })).toBe(0);
  });

  it('a clear through one connection refreshes every connection to the same Vault and namespace, and only those', async () => {
    const store = new MemoryStore();
    await writePolicy(vault, 'inval-reader', 'path "secret/data/*" { capabilities = ["read"] }');
    const otherToken = await createToken(vault, { policies: ['inval-reader'] });
    const admin = createVaultClient(testConfig(vault, { token: vault.rootToken }), { invalidationCheckSeconds: 0 });
    const reader = createVaultClient(testConfig(vault, { token: otherToken, kvVersion: 2 }), { invalidationCheckSeconds: 0 });
    const elsewhere = createVaultClient(testConfig(vault, { token: vault.rootToken, namespace: 'other-ns' }), { invalidationCheckSeconds: 0 });
    clients.push(admin, reader, elsewhere);
    await kvPut(vault, 'secret', 'shared/db', { password: 'old-pass' });
    expect((await reader.kv.read('secret/shared/db')).data.password).toBe('old-pass');
    await kvPut(vault, 'secret', 'shared/db', { password: 'new-pass' });

    await admin.clearCache('secret/shared/', store);
    await reader.syncInvalidation(store);
    expect((await reader.kv.read('secret/shared/db')).data.password).toBe('new-pass');

    // Another namespace is another set of secrets: its marker is a different key.
    await elsewhere.syncInvalidation(store);
    expect(store.data.size).toBe(1);
  });
});

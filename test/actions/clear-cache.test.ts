import { clearCache } from '../../src/lib/actions/clear-cache';
import { getSecret } from '../../src/lib/actions/get-secret';
import { readSecret } from '../../src/lib/actions/read-secret';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { InvalidationSync } from '../../src/lib/vault/invalidation';
import type { MarkerStore } from '../../src/lib/vault/types';
import { enableKv, kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, runAction } from '../helpers/engine';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv2', 2);
});
afterAll(async () => {
  await vault?.stop();
});

/** A connection with caching on; each test gets its own (distinct TTL = distinct client). */
let ttl = 600;
function cachedAuth() {
  return rootAuth(vault, { cacheTtlSeconds: ttl });
}
beforeEach(() => {
  ttl += 1;
});

const dataReads = (path: string) => vault.count({ method: 'GET', path: `kv2/data/${path}` });

describe('clear_cache', () => {
  it('drops one secret: the next read asks Vault and sees a rotation done elsewhere', async () => {
    const auth = cachedAuth();
    const store = new MemoryStore();
    await kvPut(vault, 'kv2', 'app/a', { v: 'old' });
    await kvPut(vault, 'kv2', 'app/b', { v: 'b' });
    await runAction(getSecret, auth, { path: 'kv2/app/a' }, { store });
    await runAction(getSecret, auth, { path: 'kv2/app/b' }, { store });

    await kvPut(vault, 'kv2', 'app/a', { v: 'rotated' }); // behind the piece's back
    expect((await runAction(getSecret, auth, { path: 'kv2/app/a' }, { store })).data.v).toBe('old');

    const out = await runAction(clearCache, auth, { path: 'kv2/app/a' }, { store });
    expect(out.path).toBe('kv2/app/a');
    expect(out.cleared).toBeGreaterThanOrEqual(1);

    const before = dataReads('app/b');
    expect((await runAction(getSecret, auth, { path: 'kv2/app/a' }, { store })).data.v).toBe('rotated');
    await runAction(getSecret, auth, { path: 'kv2/app/b' }, { store });
    expect(dataReads('app/b')).toBe(before); // b was not cleared

    const again = await runAction(clearCache, auth, { path: 'kv2/app/zzz' }, { store });
    expect(again.cleared).toBe(0);
  });

  it('empty path clears everything of the connection and reports how many entries went', async () => {
    const auth = cachedAuth();
    const store = new MemoryStore();
    await kvPut(vault, 'kv2', 'all/x', { v: '1' });
    await kvPut(vault, 'kv2', 'all/y', { v: '2' });
    await runAction(getSecret, auth, { path: 'kv2/all/x' }, { store });
    await runAction(readSecret, auth, { reference: 'kv2/data/all/y/v' }, { store });

    const out = await runAction(clearCache, auth, {}, { store });
    expect(out.path).toBe('');
    expect(out.cleared).toBeGreaterThanOrEqual(2);
    expect((await runAction(clearCache, auth, { path: '' }, { store })).cleared).toBe(0);

    const before = dataReads('all/x');
    await runAction(getSecret, auth, { path: 'kv2/all/x' }, { store });
    expect(dataReads('all/x')).toBe(before + 1);
  });

  it('a folder prefix clears the secrets under it only', async () => {
    const auth = cachedAuth();
    const store = new MemoryStore();
    await kvPut(vault, 'kv2', 'dir/one', { v: '1' });
    await kvPut(vault, 'kv2', 'dir/two', { v: '2' });
    await kvPut(vault, 'kv2', 'other', { v: '3' });
    for (const p of ['dir/one', 'dir/two', 'other']) await runAction(getSecret, auth, { path: `kv2/${p}` }, { store });

    const out = await runAction(clearCache, auth, { path: 'kv2/dir/' }, { store });
    expect(out.cleared).toBeGreaterThanOrEqual(2);
    const other = dataReads('other');
    await runAction(getSecret, auth, { path: 'kv2/other' }, { store });
    expect(dataReads('other')).toBe(other);
  });

  it('reaches another engine worker through the store', async () => {
    const auth = cachedAuth();
    const store = new MemoryStore(); // shared by both "workers", like the project store
    let otherGetSecret: typeof getSecret | undefined;
    jest.isolateModules(() => {
      // a second copy of the piece: its own client registry and cache, like a second worker process
      otherGetSecret = require('../../src/lib/actions/get-secret').getSecret;
    });
    await kvPut(vault, 'kv2', 'shared', { v: 'old' });
    expect((await runAction(otherGetSecret!, auth, { path: 'kv2/shared' }, { store })).data.v).toBe('old');

    // this worker writes; the other one must not keep serving the old value
    await runAction(writeSecret, auth, { path: 'kv2/shared', data: { v: 'new' } }, { store });
    waitForMarkerWindow();
    expect((await runAction(otherGetSecret!, auth, { path: 'kv2/shared' }, { store })).data.v).toBe('new');

    await kvPut(vault, 'kv2', 'shared', { v: 'rotated' });
    await runAction(clearCache, auth, { path: 'kv2/shared' }, { store });
    waitForMarkerWindow();
    expect((await runAction(otherGetSecret!, auth, { path: 'kv2/shared' }, { store })).data.v).toBe('rotated');
  });
});

describe('cross-worker markers published at the same moment', () => {
  const connectionDigest = 'cd'.repeat(32);

  it('a worker applies both, though the two publishers picked the same generation', async () => {
    const store = new MemoryStore();
    const applied: string[] = [];
    const workerA = new InvalidationSync({ scopeDigest: connectionDigest, invalidateLocal: () => 0 });
    const workerB = new InvalidationSync({ scopeDigest: connectionDigest, invalidateLocal: () => 0 });
    const reader = new InvalidationSync({ scopeDigest: connectionDigest, invalidateLocal: (prefix) => (applied.push(prefix), 0), checkIntervalSeconds: 0 });

    await workerA.publish('kv2/a/', store);
    await reader.sync(store);
    expect(applied).toEqual(['kv2/a/']);

    // B read the store before A's marker landed (the store has no compare-and-set), so it numbers
    // its marker like A's, and writes after A.
    let staleReads = 1;
    const raceStore: MarkerStore = {
      get: async <T>(key: string) => (staleReads-- > 0 ? null : store.get<T>(key)),
      put: (key, value) => store.put(key, value),
    };
    await workerB.publish('kv2/b/', raceStore);
    await reader.sync(store);
    expect(applied).toEqual(['kv2/a/', 'kv2/b/']);

    await reader.sync(store);
    expect(applied).toHaveLength(2); // each marker once
  });
});

/**
 * A worker reads the store's marker at most every few seconds; instead of sleeping, move this
 * process's clock past that window (monotonic, so markers and cache times stay ordered).
 */
let clockOffset = 0;
function waitForMarkerWindow() {
  clockOffset += 6_000;
}
beforeAll(() => {
  const realNow = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
});
afterAll(() => jest.restoreAllMocks());

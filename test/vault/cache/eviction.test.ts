import { startVaultDevServer } from '../../../dev/server';
import { DEFAULT_CACHE_MAX_ENTRIES } from '../../../src/lib/vault/cache';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient } from '../../../src/lib/vault/types';
import { enableKv, kvPut, testConfig } from '../../helpers/vault-setup';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;

describe('value cache bound', () => {
  let vault: Vault;
  let client: VaultClient | undefined;

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-evict' });
    await enableKv(vault, 'secret', 2);
    for (let i = 0; i < 6; i++) await kvPut(vault, 'secret', `e/s${i}`, { value: `v${i}` });
  });
  afterAll(async () => {
    await client?.close();
    await vault.stop();
  });

  it('keeps at least 10,000 entries by default', () => {
    expect(DEFAULT_CACHE_MAX_ENTRIES).toBeGreaterThanOrEqual(10_000);
  });

  it('evicts the least recently used secret once the bound is reached, and never holds more', async () => {
    client = createVaultClient(testConfig(vault, { token: vault.rootToken }), { cacheMaxEntries: 5 });
    const c = client;
    const reads = (n: number) => vault.count({ method: 'GET', path: `secret/data/e/s${n}` });

    for (let i = 0; i < 6; i++) {
      expect((await c.kv.read(`secret/e/s${i}`)).data).toEqual({ value: `v${i}` });
      expect(c.stats().cacheEntries).toBeLessThanOrEqual(5);
    }
    expect(c.stats().cacheEntries).toBe(5);
    for (let i = 0; i < 6; i++) expect(reads(i)).toBe(1);

    // the newest is still cached: no request
    expect((await c.kv.read('secret/e/s5')).data).toEqual({ value: 'v5' });
    expect(reads(5)).toBe(1);

    // the oldest was evicted: one more request to Vault
    expect((await c.kv.read('secret/e/s0')).data).toEqual({ value: 'v0' });
    expect(reads(0)).toBe(2);
    expect(c.stats().cacheEntries).toBe(5);
  });
});

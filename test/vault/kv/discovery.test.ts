import { startVaultDevServer } from '../../../dev/server';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient, VaultConnectionConfig } from '../../../src/lib/vault/types';
import { enableKv, kvPut, testConfig } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;
const UI_MOUNTS = /sys\/internal\/ui\/mounts/;

describe('mount discovery', () => {
  let vault: Vault;
  const clients: VaultClient[] = [];
  const newClient = (over: Partial<VaultConnectionConfig> = {}) => {
    const c = createVaultClient(testConfig(vault, { token: vault.rootToken, ...over }));
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-disc' });
    await enableKv(vault, 'v2', 2);
    await enableKv(vault, 'v1', 1);
    await kvPut(vault, 'v2', 'a', { k: 'a' });
    await kvPut(vault, 'v2', 'b/c', { k: 'c' });
    await kvPut(vault, 'v1', 'a', { k: 'a1' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await vault.stop();
  });
  const c0 = () => clients[0] ?? newClient();
  beforeEach(() => {
    vault.clearRequests();
    vault.clearFaults();
  });

  it('asks sys/internal/ui/mounts once per mount, also for concurrent first uses', async () => {
    const c = newClient();
    await Promise.all([c.kv.read('v2/a'), c.kv.read('v2/b/c'), c.kv.read('v1/a'), c.kv.list('v2/b')]);
    await c.kv.read('v2/data/b/c', { bypassCache: true });
    expect(vault.count({ path: UI_MOUNTS })).toBe(2);
  });

  it('is forgotten with the cache: clearCache("") discovers again', async () => {
    const c = newClient();
    await c.kv.read('v2/a');
    await c.clearCache('');
    await c.kv.read('v2/a');
    expect(vault.count({ path: UI_MOUNTS })).toBe(2);
  });

  it('falls back to the connection KV version when discovery is refused (403)', async () => {
    vault.inject({ path: UI_MOUNTS, status: 403, body: { errors: ['permission denied'] }, times: 10 });
    const c = newClient({ kvVersion: 2 });
    const secret = await c.kv.read('v2/b/c');
    expect(secret.location).toEqual({ mount: 'v2/', kvVersion: 2, path: 'b/c', discoveredBy: 'connection-setting' });
    expect(secret.data).toEqual({ k: 'c' });
    await c.kv.read('v2/a');
    expect(vault.count({ path: UI_MOUNTS })).toBe(1);
  });

  it('probes the v2 layout then v1 when refused and no version is set', async () => {
    vault.inject({ path: UI_MOUNTS, status: 404, body: { errors: [] }, times: 10 });
    const c = newClient();
    const v2 = await c.kv.read('v2/a');
    expect(v2.location).toMatchObject({ kvVersion: 2, discoveredBy: 'probe' });
    const v1 = await c.kv.read('v1/a');
    expect(v1.location).toMatchObject({ kvVersion: 1, discoveredBy: 'probe' });
    expect(v1.data).toEqual({ k: 'a1' });
  });

  it('probes a v2 mount by a deleted version (404 with its metadata) without a v1-layout request', async () => {
    await kvPut(vault, 'v2', 'gone', { k: 'g' });
    await c0().kv.remove('v2/gone', { mode: 'soft' });
    vault.clearRequests();
    vault.inject({ path: UI_MOUNTS, status: 404, body: { errors: [] }, times: 10 });
    const c = newClient();
    expect(await c.kv.locate('v2/gone')).toMatchObject({ kvVersion: 2, discoveredBy: 'probe' });
    expect(vault.count({ method: 'GET', path: /^v2\/data\/gone$/ })).toBe(1);
    expect(vault.count({ method: 'GET', path: /^v2\/gone$/ })).toBe(0);
  });

  it('explains a v1 read of a v2 mount (connection set to KV v1)', async () => {
    vault.inject({ path: UI_MOUNTS, status: 403, body: { errors: ['permission denied'] }, times: 10 });
    const c = newClient({ kvVersion: 1 });
    const err = await errorOf(() => c.kv.read('v2/a'));
    expect(err.message).toMatch(/"v2\/" is a KV v2 mount/);
    expect(err.message).toMatch(/KV version in the connection to 2/);
  });
});

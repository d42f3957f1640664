/**
 * Issue 25: restore_secret_version run as the engine runs it against the dev server's KV v2:
 * the restore itself, a concurrent writer (check-and-set keeps its write), deleted, destroyed and
 * missing versions, KV v1, and the refusals on restricted connections.
 */
import { getSecret } from '../../src/lib/actions/get-secret';
import { restoreSecretVersion } from '../../src/lib/actions/restore-secret-version';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { StoreScope } from '@activepieces/pieces-framework';
import { MemoryStore, runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';
import { kvPut, root, rootAuth, startKvVault, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;
let n = 0;

beforeAll(async () => {
  vault = await startKvVault();
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

/** A fresh KV v2 secret with versions 1..3 ({v: 1}, {v: 2}, {v: 3}); returns its path. */
async function secretWithThreeVersions(): Promise<string> {
  const path = `app/s${++n}`;
  for (const v of [1, 2, 3]) await kvPut(vault, 'kv2', path, { v, [`only${v}`]: true });
  return `kv2/${path}`;
}

const current = async (path: string) => {
  const res = await root(vault, 'GET', path.replace(/^kv2\//, 'kv2/data/'));
  return { version: res.data.metadata.version, data: res.data.data };
};

describe('restore_secret_version', () => {
  it('writes version N again as the new current version, replacing the keys (not merging)', async () => {
    const path = await secretWithThreeVersions();
    const out = await runAction(restoreSecretVersion, rootAuth(vault), { path, version: 1 });
    expect(out).toEqual({ version: 4, restoredFrom: 1, changed: true, kv: { mount: 'kv2/', engineVersion: 2, engineVersionFrom: 'ui-mounts' } });
    expect(await current(path)).toEqual({ version: 4, data: { v: 1, only1: true } });
  });

  it('writes with check-and-set on the version it saw: nothing is restored over a concurrent write', async () => {
    const path = await secretWithThreeVersions();
    const dataPath = path.replace(/^kv2\//, 'kv2/data/');
    // The restore's read of version 1 is held at the server; meanwhile another writer makes version 4.
    vault.clearRequests();
    vault.inject({ method: 'GET', path: dataPath, latencyMs: 1500 });
    const restoring = runFailing(restoreSecretVersion, rootAuth(vault), { path, version: 1 });
    while (!vault.requests.some((r) => r.method === 'GET' && r.path === dataPath && r.query.version === '1')) await new Promise((r) => setTimeout(r, 5));
    await kvPut(vault, 'kv2', path.slice('kv2/'.length), { v: 'concurrent' });
    const err = await restoring;

    const posts = vault.requests.filter((r) => r.method === 'POST' && r.path === dataPath);
    // The concurrent write landed first, then the restore's write was refused by check-and-set.
    expect(posts.map((p) => p.status)).toEqual([200, 400]);
    expect(err.message).toContain(`Nothing was restored: ${path} changed while version 1 was being restored (version 3 was current when the restore began)`);
    expect(err.message).toContain('check-and-set parameter did not match the current version');
    expect(await current(path)).toEqual({ version: 4, data: { v: 'concurrent' } });
  });

  it('says to undelete a deleted version first, and that a destroyed one is gone, before writing anything', async () => {
    const path = await secretWithThreeVersions();
    const inMount = path.slice('kv2/'.length);
    await root(vault, 'POST', `kv2/delete/${inMount}`, { versions: [1] });
    await root(vault, 'PUT', `kv2/destroy/${inMount}`, { versions: [2] });
    vault.clearRequests();
    const deleted = await runFailing(restoreSecretVersion, rootAuth(vault), { path, version: 1 });
    expect(deleted.message).toContain(`Version 1 of ${path} was deleted at`);
    expect(deleted.message).toContain('undelete it first');
    const destroyed = await runFailing(restoreSecretVersion, rootAuth(vault), { path, version: 2 });
    expect(destroyed.message).toContain(`Version 2 of ${path} was destroyed: its data is gone`);
    const missing = await runFailing(restoreSecretVersion, rootAuth(vault), { path, version: 9 });
    expect(missing.message).toContain(`Version 9 of ${path} does not exist (the current version is 3)`);
    expect(vault.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await current(path)).version).toBe(3);
  });

  it('writes nothing when the version is already the current one', async () => {
    const path = await secretWithThreeVersions();
    expect(await runAction(restoreSecretVersion, rootAuth(vault), { path, version: 3 })).toMatchObject({ version: 3, restoredFrom: 3, changed: false });
    expect((await current(path)).version).toBe(3);
  });

  it('drops the cached value and publishes a marker for the other engine workers', async () => {
    const path = await secretWithThreeVersions();
    const store = new MemoryStore();
    const cached = rootAuth(vault, { cacheTtlSeconds: 600 });
    expect((await runAction(getSecret, cached, { path }, { store })).data.v).toBe(3);
    expect(store.keys(StoreScope.PROJECT)).toEqual([]);
    await runAction(restoreSecretVersion, cached, { path, version: 2 }, { store });
    expect((await runAction(getSecret, cached, { path }, { store })).data).toEqual({ v: 2, only2: true });
    expect(store.keys(StoreScope.PROJECT)).toHaveLength(1);
  });

  it('says a KV v1 mount keeps no versions', async () => {
    await kvPut(vault, 'kv1', 'app/plain', { v: 1 });
    const err = await runFailing(restoreSecretVersion, rootAuth(vault), { path: 'kv1/app/plain', version: 1 });
    expect(err.message).toContain('is on a KV version 1 mount ("kv1/"), which keeps no versions');
  });

  it.each(['read_only', 'write_only'])('is refused on a %s connection before any request (it reads and it writes)', async (accessMode) => {
    const path = await secretWithThreeVersions();
    vault.clearRequests();
    const err = await runFailing(restoreSecretVersion, rootAuth(vault, { accessMode }), { path, version: 1 });
    expect(err.message).toContain(`this connection is ${accessMode === 'read_only' ? 'read-only' : 'write-only'}`);
    expect(vault.requests).toEqual([]);
  });

  it.each([
    [{ path: 'kv2/app/x' }, 'Version is required'],
    [{ path: 'kv2/app/x', version: 0 }, 'Version must be at least 1'],
    [{ path: 'kv2/app/x', version: 'two' }, 'Version must be a whole number'],
  ])('refuses %j before any request', async (props, message) => {
    vault.clearRequests();
    expect((await runFailing(restoreSecretVersion, rootAuth(vault), props)).message).toContain(message);
    expect(vault.requests).toEqual([]);
  });
});

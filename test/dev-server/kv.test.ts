import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, enableKv, kvPut, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

const MERGE = { 'Content-Type': 'application/merge-patch+json' };

describe('KV engines beyond the recording', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
  });
  afterAll(() => vault.stop());

  it('mounts at multi-segment paths and reports them in sys/internal/ui/mounts', async () => {
    await enableKv(vault, 'team/app/kv', 2);
    await kvPut(vault, 'team/app/kv', 'db', { u: 1 });
    const info = await root(vault, 'GET', 'sys/internal/ui/mounts/team/app/kv/db');
    expect(info.body.data).toMatchObject({ path: 'team/app/kv/', type: 'kv', options: { version: '2' } });
    expect((await root(vault, 'GET', 'team/app/kv/data/db')).body.data.data).toEqual({ u: 1 });
  });

  it('patches with JSON merge patch (needs the patch capability), keeping other keys', async () => {
    await kvPut(vault, 'secret', 'p', { a: '1', b: '2', nested: { x: 1, y: 2 } });
    const res = await root(vault, 'PATCH', 'secret/data/p', { headers: MERGE, body: { data: { b: null, c: '3', nested: { y: null } } } });
    expect(res.status).toBe(200);
    expect(res.body.data.version).toBe(2);
    expect((await root(vault, 'GET', 'secret/data/p')).body.data.data).toEqual({ a: '1', c: '3', nested: { x: 1 } });
    await writePolicy(vault, 'rw', 'path "secret/data/p" { capabilities = ["read", "update"] }');
    const t = await createToken(vault, { policies: ['rw'] });
    expect((await call(vault, 'PATCH', 'secret/data/p', { token: t, headers: MERGE, body: { data: { a: 'x' } } })).status).toBe(403);
    expect((await root(vault, 'PATCH', 'secret/data/p', { body: { data: { a: 'x' } } })).status).toBe(415);
    expect((await root(vault, 'PATCH', 'secret/data/missing', { headers: MERGE, body: { data: { a: 'x' } } })).status).toBe(404);
  });

  it('answers PATCH with 405 when patch is not supported (Vault < 1.9)', async () => {
    vault.setPatchSupported(false);
    try {
      const res = await root(vault, 'PATCH', 'secret/data/p', { headers: MERGE, body: { data: { a: 'x' } } });
      expect(res).toMatchObject({ status: 405, body: { errors: [] } });
    } finally {
      vault.setPatchSupported(true);
    }
  });

  it('enforces cas_required from metadata and the mount config', async () => {
    await root(vault, 'POST', 'secret/metadata/guarded', { body: { cas_required: true } });
    const noCas = await root(vault, 'POST', 'secret/data/guarded', { body: { data: { a: 1 } } });
    expect(noCas.body).toEqual({ errors: ['check-and-set parameter required for this call'] });
    expect((await root(vault, 'POST', 'secret/data/guarded', { body: { data: { a: 1 }, options: { cas: 0 } } })).status).toBe(200);
    await root(vault, 'POST', 'secret/config', { body: { cas_required: true } });
    expect((await root(vault, 'GET', 'secret/config')).body.data).toEqual({ cas_required: true, delete_version_after: '0s', max_versions: 0 });
    expect((await root(vault, 'POST', 'secret/data/other', { body: { data: { a: 1 } } })).status).toBe(400);
    await root(vault, 'POST', 'secret/config', { body: { cas_required: false } });
  });

  it('keeps at most max_versions versions', async () => {
    await root(vault, 'POST', 'secret/metadata/rot', { body: { max_versions: 2, custom_metadata: { owner: 'ops' } } });
    for (let i = 1; i <= 4; i++) await kvPut(vault, 'secret', 'rot', { i });
    const meta = (await root(vault, 'GET', 'secret/metadata/rot')).body.data;
    expect(Object.keys(meta.versions)).toEqual(['3', '4']);
    expect(meta).toMatchObject({ current_version: 4, oldest_version: 3, max_versions: 2, custom_metadata: { owner: 'ops' } });
    expect((await root(vault, 'GET', 'secret/data/rot?version=1')).status).toBe(404);
  });

  it('soft-deletes given versions, undeletes them, and destroys for good', async () => {
    await kvPut(vault, 'secret', 'life', { v: 1 });
    await kvPut(vault, 'secret', 'life', { v: 2 });
    expect((await root(vault, 'POST', 'secret/delete/life', { body: { versions: [1, 2] } })).status).toBe(204);
    const deleted = await root(vault, 'GET', 'secret/data/life');
    expect(deleted.status).toBe(404);
    expect(deleted.body.data.data).toBeNull();
    expect(deleted.body.data.metadata.deletion_time).not.toBe('');
    await root(vault, 'POST', 'secret/undelete/life', { body: { versions: [2] } });
    expect((await root(vault, 'GET', 'secret/data/life')).body.data.data).toEqual({ v: 2 });
    await root(vault, 'PUT', 'secret/destroy/life', { body: { versions: [2] } });
    expect((await root(vault, 'GET', 'secret/data/life')).body.data.metadata.destroyed).toBe(true);
    expect((await root(vault, 'POST', 'secret/undelete/life', { body: {} })).body).toEqual({ errors: ['No version number provided'] });
  });

  it('keeps KV v1 mounts flat, lists folders, and serves lists by GET ?list=true', async () => {
    await enableKv(vault, 'old', 1);
    await kvPut(vault, 'old', 'a/b', { k: 'v' });
    expect((await root(vault, 'GET', 'old/a/b')).body).toMatchObject({ data: { k: 'v' }, lease_duration: 2764800 });
    expect((await root(vault, 'GET', 'old/?list=true')).body.data.keys).toEqual(['a/']);
    expect((await root(vault, 'GET', 'sys/internal/ui/mounts/old')).body.data.options).toEqual({ version: '1' });
  });

  it('upgrades a v1 mount to v2 through tune', async () => {
    await enableKv(vault, 'upgr', 1);
    await kvPut(vault, 'upgr', 'kept', { k: 'v' });
    const tuned = await root(vault, 'POST', 'sys/mounts/upgr/tune', { body: { options: { version: '2' } } });
    expect(tuned.status).toBe(200);
    expect(tuned.body.warnings).toEqual(['Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly.']);
    expect((await root(vault, 'GET', 'upgr/data/kept')).body.data).toMatchObject({ data: { k: 'v' }, metadata: { version: 1 } });
    expect((await root(vault, 'GET', 'sys/mounts')).body.data['upgr/'].options.version).toBe('2');
  });

  it('serves a small upgraded mount at once, even in the millisecond of the tune (the window is whole ms)', async () => {
    for (let i = 0; i < 20; i++) {
      await enableKv(vault, `tiny${i}`, 1);
      await kvPut(vault, `tiny${i}`, 'k', { v: i });
      await root(vault, 'POST', `sys/mounts/tiny${i}/tune`, { body: { options: { version: '2' } } });
      expect((await root(vault, 'GET', `tiny${i}/data/k`)).status).toBe(200);
    }
  });

  it('disables mounts', async () => {
    await enableKv(vault, 'gone', 2);
    expect((await root(vault, 'DELETE', 'sys/mounts/gone')).status).toBe(204);
    expect((await root(vault, 'GET', 'gone/data/x')).status).toBe(404);
  });
});

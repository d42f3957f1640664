import { deleteSecret } from '../../src/lib/actions/delete-secret';
import { getSecret } from '../../src/lib/actions/get-secret';
import { getSecretMetadata } from '../../src/lib/actions/get-secret-metadata';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { kvPut, rootAuth, startKvVault, type VaultDevServer } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startKvVault();
});
afterAll(async () => {
  await vault?.stop();
});

async function twoVersions(path: string) {
  await runAction(writeSecret, rootAuth(vault), { path, data: { v: 'one' }, mode: 'replace' });
  await runAction(writeSecret, rootAuth(vault), { path, data: { v: 'two' }, mode: 'replace' });
}

describe('delete_secret on KV v2', () => {
  it('soft delete hides the latest version without destroying it, and undelete brings it back', async () => {
    const path = 'kv2/soft';
    await twoVersions(path);
    const out = await runAction(deleteSecret, rootAuth(vault), { path });
    expect(out.mode).toBe('soft');

    const err = await runFailing(getSecret, rootAuth(vault), { path });
    expect(err.message).toMatch(/delet/i);

    const meta = await runAction(getSecretMetadata, rootAuth(vault), { path });
    expect(meta.versions['2'].deletion_time).not.toBe('');
    expect(meta.versions['2'].destroyed).toBe(false);
    expect(meta.versions['1'].deletion_time).toBe('');

    // the older version is untouched
    const v1 = await runAction(getSecret, rootAuth(vault), { path, version: 1 });
    expect(v1.data).toEqual({ v: 'one' });

    await runAction(deleteSecret, rootAuth(vault), { path, mode: 'undelete', versions: [2] });
    const back = await runAction(getSecret, rootAuth(vault), { path });
    expect(back.data).toEqual({ v: 'two' });
  });

  it('soft delete of listed versions', async () => {
    const path = 'kv2/soft-versions';
    await twoVersions(path);
    await runAction(deleteSecret, rootAuth(vault), { path, mode: 'soft', versions: ['1'] });
    await runFailing(getSecret, rootAuth(vault), { path, version: 1 });
    const latest = await runAction(getSecret, rootAuth(vault), { path });
    expect(latest.data).toEqual({ v: 'two' });
  });

  it('destroy erases only the listed versions for good', async () => {
    const path = 'kv2/destroy';
    await twoVersions(path);
    await runAction(deleteSecret, rootAuth(vault), { path, mode: 'destroy', versions: [1] });
    const err = await runFailing(getSecret, rootAuth(vault), { path, version: 1 });
    expect(err.message).toMatch(/destroy/i);
    const meta = await runAction(getSecretMetadata, rootAuth(vault), { path });
    expect(meta.versions['1'].destroyed).toBe(true);
    // Vault accepts the undelete (204) yet cannot bring a destroyed version back
    await runAction(deleteSecret, rootAuth(vault), { path, mode: 'undelete', versions: [1] });
    expect((await runFailing(getSecret, rootAuth(vault), { path, version: 1 })).message).toMatch(/destroy/i);
    const latest = await runAction(getSecret, rootAuth(vault), { path });
    expect(latest.data).toEqual({ v: 'two' });
  });

  it('purge removes every version and the metadata', async () => {
    const path = 'kv2/purge';
    await twoVersions(path);
    await runAction(deleteSecret, rootAuth(vault), { path, mode: 'purge' });
    await runFailing(getSecretMetadata, rootAuth(vault), { path });
    await runFailing(getSecret, rootAuth(vault), { path, version: 1 });
    const listed = await runAction(listSecrets, rootAuth(vault), { path: 'kv2/' });
    expect(listed.keys).not.toContain('purge');
  });

  it('rejects bad versions by naming the prop', async () => {
    await expect(runAction(deleteSecret, rootAuth(vault), { path: 'kv2/x', mode: 'destroy', versions: ['abc'] })).rejects.toThrow(
      /"versions/,
    );
    await expect(runAction(deleteSecret, rootAuth(vault), { path: 'kv2/x', mode: 'shred' })).rejects.toThrow(/"mode"/);
  });
});

describe('delete_secret on KV v1', () => {
  it('deletes the secret', async () => {
    await runAction(writeSecret, rootAuth(vault), { path: 'kv1/gone', data: { a: '1' } });
    await runAction(deleteSecret, rootAuth(vault), { path: 'kv1/gone' });
    const gone = await runFailing(getSecret, rootAuth(vault), { path: 'kv1/gone' });
    expect((gone as any).kind).toBe('not_found');
    expect(gone.message).toContain('kv1/gone');
  });
});

describe('delete_secret on a multi-segment KV v2 mount', () => {
  it('soft deletes and undeletes team/app/kv/... through the mount\'s own data/ and undelete/ paths', async () => {
    const path = 'team/app/kv/svc/db';
    await twoVersions(path);
    vault.clearRequests();

    const out = await runAction(deleteSecret, rootAuth(vault), { path });
    expect(out.mode).toBe('soft');
    expect(vault.count({ method: 'DELETE', path: 'team/app/kv/data/svc/db' })).toBe(1);
    expect(vault.count({ path: /metadata/ })).toBe(0);

    const err = await runFailing(getSecret, rootAuth(vault), { path });
    expect(err.message).toMatch(/deleted/i);

    await runAction(deleteSecret, rootAuth(vault), { path, mode: 'undelete', versions: [2] });
    expect(vault.count({ method: 'POST', path: 'team/app/kv/undelete/svc/db' })).toBe(1);
    const back = await runAction(getSecret, rootAuth(vault), { path });
    expect(back.data).toEqual({ v: 'two' });
    expect(back.metadata.version).toBe(2);
  });
});

describe('delete_secret in a namespace', () => {
  const auth = () => rootAuth(vault, { namespace: 'ns1' });

  it('soft deletes then destroys inside the namespace, and undelete cannot bring a destroyed version back', async () => {
    const path = 'nskv/svc/api';
    await kvPut(vault, 'nskv', 'svc/api', { v: 'one' }, 'ns1');
    await kvPut(vault, 'nskv', 'svc/api', { v: 'two' }, 'ns1');
    vault.clearRequests();

    await runAction(deleteSecret, auth(), { path, mode: 'soft', versions: [2] });
    expect(vault.count({ method: 'POST', path: 'nskv/delete/svc/api', namespace: 'ns1' })).toBe(1);
    expect(vault.count({ path: /metadata/ })).toBe(0);
    expect((await runFailing(getSecret, auth(), { path })).message).toMatch(/deleted/i);
    // the older version is untouched
    expect((await runAction(getSecret, auth(), { path, version: 1 })).data).toEqual({ v: 'one' });

    await runAction(deleteSecret, auth(), { path, mode: 'destroy', versions: [2] });
    expect(vault.count({ method: 'PUT', path: 'nskv/destroy/svc/api', namespace: 'ns1' })).toBe(1);
    await runAction(deleteSecret, auth(), { path, mode: 'undelete', versions: [2] });
    expect((await runFailing(getSecret, auth(), { path })).message).toMatch(/destroy/i);
    const meta = await runAction(getSecretMetadata, auth(), { path });
    expect(meta.versions['2'].destroyed).toBe(true);

    // every delete request went to the namespace, none to the root namespace's copy of the path
    expect(vault.count({ path: /^nskv\//, namespace: '' })).toBe(0);
  });
});

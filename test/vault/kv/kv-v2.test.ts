import { startVaultDevServer } from '../../../dev/server';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient } from '../../../src/lib/vault/types';
import { createNamespace, enableKv, kvPut, testConfig } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;

describe('KV v2 through the client', () => {
  let vault: Vault;
  let client: VaultClient;
  const clients: VaultClient[] = [];
  const newClient = (over = {}) => {
    const c = createVaultClient(testConfig(vault, { token: vault.rootToken, ...over }));
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-kv2' });
    await enableKv(vault, 'kv2', 2);
    await enableKv(vault, 'team/app/kv', 2);
    client = newClient();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await vault.stop();
  });

  it('reads a path written with or without data/, and says where it found the mount', async () => {
    await kvPut(vault, 'kv2', 'app/db', { user: 'alice', password: 'pw-1' });
    const plain = await client.kv.read('kv2/app/db', { bypassCache: true });
    expect(plain.data).toEqual({ user: 'alice', password: 'pw-1' });
    expect(plain.location).toEqual({ mount: 'kv2/', kvVersion: 2, path: 'app/db', discoveredBy: 'ui-mounts' });
    expect(plain.metadata?.version).toBe(1);
    const withData = await client.kv.read('kv2/data/app/db', { bypassCache: true });
    expect(withData.data).toEqual(plain.data);
  });

  it('finds a multi-segment mount', async () => {
    await client.kv.write('team/app/kv/svc/api', { key: 'k-1' });
    const secret = await client.kv.read('team/app/kv/svc/api');
    expect(secret.location.mount).toBe('team/app/kv/');
    expect(secret.location.path).toBe('svc/api');
    expect(secret.data).toEqual({ key: 'k-1' });
  });

  it('merge changes only the given keys and keeps JSON types; replace drops the others', async () => {
    await client.kv.write('kv2/types', { a: 'x', n: 1 }, { mode: 'replace' });
    const meta = await client.kv.write('kv2/types', { b: true, nested: { deep: [1, 2] }, n: 2 });
    expect(meta?.version).toBe(2);
    expect((await client.kv.read('kv2/types')).data).toEqual({ a: 'x', b: true, nested: { deep: [1, 2] }, n: 2 });
    await client.kv.write('kv2/types', { only: 'this' }, { mode: 'replace' });
    expect((await client.kv.read('kv2/types')).data).toEqual({ only: 'this' });
  });

  it('create refuses an existing secret with a clear message', async () => {
    const first = await client.kv.write('kv2/created', { v: '1' }, { mode: 'create' });
    expect(first?.version).toBe(1);
    const err = await errorOf(() => client.kv.write('kv2/created', { v: '2' }, { mode: 'create' }));
    expect(err.message).toMatch(/already exists at kv2\/created/);
    expect(err.message).not.toContain('"2"');
    expect((await client.kv.read('kv2/created', { bypassCache: true })).data).toEqual({ v: '1' });
  });

  it('honours an explicit cas and reports a conflict', async () => {
    await client.kv.write('kv2/cas', { v: 'a' }, { mode: 'replace' });
    const err = await errorOf(() => client.kv.write('kv2/cas', { v: 'b' }, { mode: 'replace', cas: 5 }));
    expect(err.message).toMatch(/Check-and-set failed/);
    const mergeErr = await errorOf(() => client.kv.write('kv2/cas', { v: 'b' }, { cas: 7 }));
    expect(mergeErr.message).toMatch(/Check-and-set failed/);
    const ok = await client.kv.write('kv2/cas', { w: 'c' }, { cas: 1 });
    expect(ok?.version).toBe(2);
    expect((await client.kv.read('kv2/cas')).data).toEqual({ v: 'a', w: 'c' });
  });

  it('reads versions, and explains soft-deleted and destroyed versions', async () => {
    await client.kv.write('kv2/versions', { v: '1' }, { mode: 'replace' });
    await client.kv.write('kv2/versions', { v: '2' }, { mode: 'replace' });
    await client.kv.write('kv2/versions', { v: '3' }, { mode: 'replace' });
    expect((await client.kv.read('kv2/versions', { version: 1 })).data).toEqual({ v: '1' });

    await client.kv.remove('kv2/versions', { mode: 'soft' });
    const deleted = await errorOf(() => client.kv.read('kv2/versions'));
    expect(deleted.kind).toBe('not_found');
    expect(deleted.message).toMatch(/Version 3 of kv2\/versions .*was deleted at \d{4}-/);
    const meta = (await client.kv.readMetadata('kv2/versions')) as any;
    expect(meta.versions['3'].destroyed).toBe(false);

    await client.kv.remove('kv2/versions', { mode: 'undelete', versions: [3] });
    expect((await client.kv.read('kv2/versions')).data).toEqual({ v: '3' });

    await client.kv.remove('kv2/versions', { mode: 'destroy', versions: [1] });
    const destroyed = await errorOf(() => client.kv.read('kv2/versions', { version: 1 }));
    expect(destroyed.message).toMatch(/Version 1 of kv2\/versions .*destroyed/);

    const noVersions = await errorOf(() => client.kv.remove('kv2/versions', { mode: 'destroy' }));
    expect(noVersions.message).toMatch(/needs the versions/);

    await client.kv.remove('kv2/versions', { mode: 'soft', versions: [2] });
    expect(((await client.kv.readMetadata('kv2/versions')) as any).versions['2'].deletion_time).not.toBe('');

    await client.kv.remove('kv2/versions', { mode: 'purge' });
    const gone = await errorOf(() => client.kv.read('kv2/versions'));
    expect(gone.message).toMatch(/No secret at kv2\/versions \(KV v2 mount "kv2\/"\)/);
    expect(gone.message).toContain('/v1/kv2/data/versions');
  });

  it('lists with GET ?list=true, empty for a missing folder, recursively with a limit', async () => {
    await client.kv.write('kv2/tree/a', { x: '1' });
    await client.kv.write('kv2/tree/sub/b', { x: '1' });
    await client.kv.write('kv2/tree/sub/deeper/c', { x: '1' });
    vault.clearRequests();
    expect(await client.kv.list('kv2/tree')).toEqual({ keys: ['a', 'sub/'], truncated: false });
    expect(await client.kv.list('kv2/nothing-here/')).toEqual({ keys: [], truncated: false });
    const all = await client.kv.list('kv2/tree', { recursive: true });
    expect(all.keys.sort()).toEqual(['a', 'sub/b', 'sub/deeper/c']);
    expect(all.truncated).toBe(false);
    const some = await client.kv.list('kv2/tree', { recursive: true, limit: 2 });
    expect(some.keys).toHaveLength(2);
    expect(some.truncated).toBe(true);
    // The log records a listing as LIST; a GET ?list=true is the one that carries the query.
    const listings = vault.requests.filter((r) => r.method === 'LIST');
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.every((r) => r.query.list === 'true')).toBe(true);
    expect(vault.requests.filter((r) => r.method !== 'GET' && r.method !== 'LIST')).toHaveLength(0);
  });

  it('resolves mount/data/path/key references and lists key names (never values) when the key is missing', async () => {
    await client.kv.write('kv2/ref/db', { username: 'bob', password: 'hunter2-secret' }, { mode: 'replace' });
    const ref = await client.kv.readReference('kv2/data/ref/db/password');
    expect(ref).toEqual({ value: 'hunter2-secret', key: 'password', version: 1, location: { mount: 'kv2/', path: 'ref/db', kvVersion: 2, discoveredBy: 'ui-mounts' } });
    const err = await errorOf(() => client.kv.readReference('kv2/data/ref/db/pasword'));
    expect(err.message).toMatch(/no key "pasword"/);
    expect(err.message).toContain('"username", "password"');
    expect(err.message).not.toContain('hunter2-secret');
  });

  it('uses PATCH when Vault has it, and read + CAS write after a 405 (remembered)', async () => {
    await client.kv.write('kv2/patch', { a: '1' }, { mode: 'replace' });
    vault.clearRequests();
    await client.kv.write('kv2/patch', { b: '2' });
    expect(vault.count({ method: 'PATCH', path: /kv2\/data\/patch$/ })).toBe(1);

    vault.setPatchSupported(false);
    try {
      const old = newClient();
      vault.clearRequests();
      await old.kv.write('kv2/patch', { c: '3' });
      await old.kv.write('kv2/patch', { d: '4' });
      expect(vault.count({ method: 'PATCH' })).toBe(1);
      expect(vault.count({ method: 'POST', path: /kv2\/data\/patch$/ })).toBe(2);
      expect((await old.kv.read('kv2/patch')).data).toEqual({ a: '1', b: '2', c: '3', d: '4' });
    } finally {
      vault.setPatchSupported(true);
    }
  });

  it.each([true, false])('keeps every key of 20 concurrent merges (PATCH supported: %s)', async (patch) => {
    vault.setPatchSupported(patch);
    try {
      const c = newClient();
      const path = `kv2/concurrent-${patch}`;
      await c.kv.write(path, { base: 'x' }, { mode: 'replace' });
      await Promise.all(Array.from({ length: 20 }, (_, i) => c.kv.write(path, { [`k${i}`]: i })));
      const data = (await c.kv.read(path, { bypassCache: true })).data;
      expect(Object.keys(data).sort()).toEqual(['base', ...Array.from({ length: 20 }, (_, i) => `k${i}`)].sort());
    } finally {
      vault.setPatchSupported(true);
    }
  });

  it('says so when a path does not exist, naming the mount, version and tried path', async () => {
    const err = await errorOf(() => client.kv.read('kv2/app/missing'));
    expect(err.kind).toBe('not_found');
    expect(err.message).toContain('kv2/app/missing');
    expect(err.message).toContain('KV v2');
    expect(err.message).toContain('GET /v1/kv2/data/app/missing');
  });

  it('works inside a namespace', async () => {
    await createNamespace(vault, 'ns1');
    await enableKv(vault, 'nskv', 2, 'ns1');
    await kvPut(vault, 'nskv', 'x', { in: 'ns1' }, 'ns1');
    const nsClient = newClient({ namespace: 'ns1' });
    expect((await nsClient.kv.read('nskv/x')).data).toEqual({ in: 'ns1' });
    expect(vault.count({ method: 'GET', path: /nskv\/data\/x$/, namespace: 'ns1' })).toBe(1);
    // outside the namespace the mount does not exist: Vault answers 403 there, as for any unknown mount
    expect(await errorOf(client.kv.read('nskv/x'))).toMatchObject({ kind: 'not_found', message: expect.stringContaining('"nskv/"') });
  });

  it('refuses a read or write answer of the wrong shape, naming the field and never the value', async () => {
    await kvPut(vault, 'kv2', 'shape', { password: 'shape-secret-1' });
    await client.kv.read('kv2/shape', { bypassCache: true });
    const meta = { version: 1, created_time: '2026-01-01T00:00:00Z', deletion_time: '', destroyed: false };
    const answers: Array<[unknown, string]> = [
      [{ data: { data: { password: 'shape-secret-1' }, metadata: { ...meta, version: '1' } } }, 'data.metadata.version: Invalid input: expected number'],
      [{ data: { data: ['shape-secret-1'], metadata: meta } }, 'data.data: expected a JSON object'],
      [{ data: { data: { password: 'shape-secret-1' }, metadata: { ...meta, custom_metadata: { owner: 7 } } } }, 'data.metadata.custom_metadata.owner: Invalid input: expected string'],
      [['shape-secret-1'], '(root): Invalid input: expected object'],
    ];
    for (const [body, expected] of answers) {
      vault.inject({ method: 'GET', path: 'kv2/data/shape', status: 200, body });
      const err = await errorOf(() => client.kv.read('kv2/shape', { bypassCache: true }));
      expect(err.kind).toBe('unexpected_response');
      expect(err.message).toContain(expected);
      expect(err.message).toContain('kv2/data/shape');
      expect(err.message).not.toContain('shape-secret-1');
    }
    // A write's answer carries the same version metadata, checked the same way.
    vault.inject({ method: 'POST', path: 'kv2/data/shape', status: 200, body: { data: { ...meta, destroyed: 'no' } } });
    const writeErr = await errorOf(() => client.kv.write('kv2/shape', { password: 'shape-secret-1' }, { mode: 'replace' }));
    expect(writeErr.kind).toBe('unexpected_response');
    expect(writeErr.message).toContain('data.destroyed: Invalid input: expected boolean');
    expect(writeErr.message).not.toContain('shape-secret-1');
    // A sound answer with fields Vault may add later is taken as it is.
    vault.inject({ method: 'GET', path: 'kv2/data/shape', status: 200, body: { data: { data: { password: 'v' }, metadata: { ...meta, custom_metadata: null, extra: 1 } }, future: true } });
    expect((await client.kv.read('kv2/shape', { bypassCache: true })).metadata?.version).toBe(1);
  });

  it('says so when the namespace does not exist, instead of "nothing found"', async () => {
    const lost = newClient({ namespace: 'no-such-ns', kvVersion: 2 });
    const err = await errorOf(() => lost.kv.read('nskv/x'));
    expect(err.message).toContain('The namespace "no-such-ns" does not exist on this Vault');
    expect(err.message).toContain('Check "Namespace"');
  });
});

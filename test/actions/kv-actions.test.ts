import { getSecret } from '../../src/lib/actions/get-secret';
import { getSecretMetadata } from '../../src/lib/actions/get-secret-metadata';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { readSecret } from '../../src/lib/actions/read-secret';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';
import { createToken, kvPut, rootAuth, startKvVault, tokenAuth, writePolicy, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startKvVault();
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

interface Case {
  name: string;
  mount: string;
  version: 1 | 2;
  namespace?: string;
}
const cases: Case[] = [
  { name: 'KV v1', mount: 'kv1', version: 1 },
  { name: 'KV v2', mount: 'kv2', version: 2 },
  { name: 'a multi-segment KV v2 mount', mount: 'team/app/kv', version: 2 },
  { name: 'KV v2 in a namespace', mount: 'nskv', version: 2, namespace: 'ns1' },
];

describe.each(cases)('KV actions on $name', ({ mount, version, namespace }) => {
  const auth = () => rootAuth(vault, namespace ? { namespace } : {});
  const secret = `${mount}/app/db`;
  const ref = (key: string) => (version === 2 ? `${mount}/data/app/db/${key}` : `${mount}/app/db/${key}`);

  it('writes, merges and reads a secret with every JSON value type', async () => {
    const first = await runAction(writeSecret, auth(), {
      path: secret,
      data: { username: 'app', port: 5432, tls: true, extra: { nested: ['a', 1] } },
    });
    if (version === 2) expect(first.version).toBe(1);
    else expect(first).toEqual({ version: null });

    const second = await runAction(writeSecret, auth(), { path: secret, data: { password: 'pw-1' }, mode: 'merge' });
    if (version === 2) expect(second.version).toBe(2);

    const read = await runAction(getSecret, auth(), { path: secret });
    expect(read.data).toEqual({ username: 'app', port: 5432, tls: true, extra: { nested: ['a', 1] }, password: 'pw-1' });
    if (version === 2) expect(read.metadata.version).toBe(2);
    else expect(read.metadata).toBeNull();
  });

  it('reads one value by reference, keeping its type', async () => {
    const out = await runAction(readSecret, auth(), { reference: ref('port') });
    expect(out.value).toBe(5432);
    expect(out.key).toBe('port');
    expect(out.mount.replace(/\/$/, '')).toBe(mount);
    expect(out.path).toBe('app/db');
    if (version === 2) expect(out.version).toBe(2);
  });

  it('names the existing keys, never their values, when the key does not exist', async () => {
    const err = await runFailing(readSecret, auth(), { reference: ref('nope') });
    expect(err.message).toContain('username');
    expect(err.message).toContain('password');
    expect(err.message).not.toContain('pw-1');
    expect(err.message).not.toContain('5432');
  });

  it('replace drops the keys not sent', async () => {
    await runAction(writeSecret, auth(), { path: `${mount}/app/replace-me`, data: { a: '1', b: '2' } });
    await runAction(writeSecret, auth(), { path: `${mount}/app/replace-me`, data: { c: '3' }, mode: 'replace' });
    const read = await runAction(getSecret, auth(), { path: `${mount}/app/replace-me` });
    expect(read.data).toEqual({ c: '3' });
  });

  it('lists folders with a trailing slash, recursively within the limit, and an empty folder as no keys', async () => {
    await runAction(writeSecret, auth(), { path: `${mount}/top`, data: { k: 'v' } });
    const flat = await runAction(listSecrets, auth(), { path: `${mount}/` });
    expect(flat.keys).toEqual(expect.arrayContaining(['app/', 'top']));
    expect(flat.truncated).toBe(false);

    const deep = await runAction(listSecrets, auth(), { path: `${mount}/`, recursive: true });
    expect(deep.keys).toEqual(expect.arrayContaining(['top', 'app/db', 'app/replace-me']));

    const limited = await runAction(listSecrets, auth(), { path: `${mount}/`, recursive: true, limit: 1 });
    expect(limited.keys).toHaveLength(1);
    expect(limited.truncated).toBe(true);

    const empty = await runAction(listSecrets, auth(), { path: `${mount}/nothing-here/` });
    expect(empty.keys).toEqual([]);
  });

  if (version === 2) {
    it('reads an older version and the metadata of every version', async () => {
      const v1 = await runAction(getSecret, auth(), { path: secret, version: 1 });
      expect(v1.data.password).toBeUndefined();
      expect(v1.metadata.version).toBe(1);
      const byRef = await runAction(readSecret, auth(), { reference: ref('username'), version: 1 });
      expect(byRef.version).toBe(1);

      const meta = await runAction(getSecretMetadata, auth(), { path: secret });
      expect(meta.current_version).toBe(2);
      expect(Object.keys(meta.versions).sort()).toEqual(['1', '2']);
      expect(JSON.stringify(meta)).not.toContain('pw-1');
    });

    it('accepts the API form mount/data/path for a path', async () => {
      const read = await runAction(getSecret, auth(), { path: `${mount}/data/app/db` });
      expect(read.data.username).toBe('app');
    });
  }
});

describe('KV action inputs', () => {
  it('names the prop that is wrong', async () => {
    const auth = rootAuth(vault);
    await expect(runAction(getSecret, auth, { path: '' })).rejects.toThrow(/"path"/);
    await expect(runAction(getSecret, auth, { path: 'kv2/app/db', version: 'abc' })).rejects.toThrow(/"version"/);
    await expect(runAction(writeSecret, auth, { path: 'kv2/x', data: [1, 2] })).rejects.toThrow(/"data"/);
    await expect(runAction(writeSecret, auth, { path: 'kv2/x', data: { a: 1 }, mode: 'upsert' })).rejects.toThrow(/"mode"/);
    await expect(runAction(readSecret, auth, { reference: 'justone' })).rejects.toThrow(/"reference"/);
  });

  it('accepts the data typed as JSON text', async () => {
    await runAction(writeSecret, rootAuth(vault), { path: 'kv2/as-text', data: '{"a": 1}' });
    const read = await runAction(getSecret, rootAuth(vault), { path: 'kv2/as-text' });
    expect(read.data).toEqual({ a: 1 });
  });

  it('lists the KV mounts when the folder path is empty', async () => {
    const out = await runAction(listSecrets, rootAuth(vault), {});
    expect(out.keys).toEqual(expect.arrayContaining(['kv1/', 'kv2/', 'team/app/kv/']));
  });
});

/**
 * When mount discovery is refused the actions fall back (connection setting, else probe v2 then
 * v1) and say which KV version they used.
 */
describe('the KV version an action used', () => {
  const UI_MOUNTS = /sys\/internal\/ui\/mounts/;

  beforeAll(async () => {
    await kvPut(vault, 'secret', 'app/db', { password: 'pw-v2' });
    await kvPut(vault, 'kv1', 'app/db', { password: 'pw-v1' });
    await writePolicy(vault, 'everything', 'path "*" {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n');
  });
  beforeEach(() => vault.clearFaults());
  afterAll(() => vault.clearFaults());

  /** A connection of its own (own token), so no discovery result is shared between tests. */
  async function freshAuth(extra: Record<string, unknown> = {}) {
    return tokenAuth(vault, await createToken(vault, { policies: ['everything'] }), extra);
  }

  const refuseDiscovery = () => vault.inject({ path: UI_MOUNTS, status: 403, body: { errors: ['permission denied'] }, times: 50 });

  it('says the version came from Vault when discovery works', async () => {
    const out = await runAction(getSecret, await freshAuth(), { path: 'secret/app/db' });
    expect(out.kv).toEqual({ mount: 'secret/', engineVersion: 2, engineVersionFrom: 'ui-mounts' });
    expect(out).not.toHaveProperty('kv.version');
  });

  it('says the connection setting was used when discovery is refused', async () => {
    refuseDiscovery();
    const auth = await freshAuth({ kvVersion: '2' });
    const out = await runAction(getSecret, auth, { path: 'secret/app/db' });
    expect(out.data).toEqual({ password: 'pw-v2' });
    expect(out.kv).toEqual({ mount: 'secret/', engineVersion: 2, engineVersionFrom: 'connection-setting' });
    const ref = await runAction(readSecret, auth, { reference: 'secret/data/app/db/password' });
    expect(ref).toMatchObject({ value: 'pw-v2', kv: { engineVersion: 2, engineVersionFrom: 'connection-setting' } });
  });

  it('says the version was probed (v2 layout, then v1) when discovery is refused and nothing is set', async () => {
    refuseDiscovery();
    const auth = await freshAuth();
    const v2 = await runAction(readSecret, auth, { reference: 'secret/data/app/db/password' });
    expect(v2).toMatchObject({ value: 'pw-v2', kv: { mount: 'secret/', engineVersion: 2, engineVersionFrom: 'probe' } });
    const v1 = await runAction(getSecret, auth, { path: 'kv1/app/db' });
    expect(v1).toMatchObject({ data: { password: 'pw-v1' }, metadata: null, kv: { mount: 'kv1/', engineVersion: 1, engineVersionFrom: 'probe' } });
  });

  it('read_secret names the version without another discovery request', async () => {
    const auth = await freshAuth();
    vault.clearRequests();
    await runAction(readSecret, auth, { reference: 'kv1/app/db/password' });
    await runAction(readSecret, auth, { reference: 'kv1/app/db/password' });
    expect(vault.count({ path: UI_MOUNTS })).toBe(1);
  });
});

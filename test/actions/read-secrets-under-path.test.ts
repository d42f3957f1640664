/**
 * Issue 25: read_secrets_under_path run as the engine runs it against the dev server, on KV v1 and
 * v2: a 3-level tree, truncation, one LIST per folder and one read per secret, the value cache,
 * deleted secrets, and the refusals.
 */
import { readSecretsUnderPath } from '../../src/lib/actions/read-secrets-under-path';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';
import { createToken, kvPut, root, rootAuth, startKvVault, tokenAuth, writePolicy, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;

/** app/ holds 2 secrets, app/lvl2/ 1 secret and a folder, app/lvl2/lvl3/ 2 secrets: 3 folders, 5 secrets. */
const TREE: Record<string, Record<string, unknown>> = {
  a: { v: 'A' },
  b: { v: 'B', n: 2 },
  'lvl2/c': { v: 'C' },
  'lvl2/lvl3/d': { v: 'D' },
  'lvl2/lvl3/e': { v: 'E', nested: { x: [1, 2] } },
};

beforeAll(async () => {
  vault = await startKvVault();
  for (const mount of ['kv1', 'kv2']) {
    for (const [path, data] of Object.entries(TREE)) await kvPut(vault, mount, `app/${path}`, data);
    await kvPut(vault, mount, 'other/x', { v: 'not under app/' });
  }
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

const lists = () => vault.requests.filter((r) => r.method === 'LIST' || r.query.list === 'true').length;
const reads = (mount: string) => vault.requests.filter((r) => r.method === 'GET' && r.query.list !== 'true' && r.path.startsWith(`${mount}/`)).length;

describe.each([
  ['KV v1', 'kv1', 1],
  ['KV v2', 'kv2', 2],
])('read_secrets_under_path on %s', (_name, mount, engineVersion) => {
  it('reads every secret of a 3-level tree by relative path: one LIST per folder, one read per secret', async () => {
    vault.clearRequests();
    const out = await runAction(readSecretsUnderPath, rootAuth(vault), { path: `${mount}/app/` });
    expect(out).toEqual({ secrets: TREE, count: 5, truncated: false, skipped: [], kv: { mount: `${mount}/`, engineVersion, engineVersionFrom: 'ui-mounts' } });
    expect(Object.keys(out.secrets)).toEqual(['a', 'b', 'lvl2/c', 'lvl2/lvl3/d', 'lvl2/lvl3/e']);
    expect([lists(), reads(mount)]).toEqual([3, 5]);
  });

  it('stops at maxSecrets, breadth first, and says the result is truncated', async () => {
    const three = await runAction(readSecretsUnderPath, rootAuth(vault), { path: `${mount}/app`, maxSecrets: 3 });
    expect(three).toMatchObject({ count: 3, truncated: true, secrets: { a: TREE.a, b: TREE.b, 'lvl2/c': TREE['lvl2/c'] } });
    // Exactly as many as there are: not truncated.
    expect(await runAction(readSecretsUnderPath, rootAuth(vault), { path: `${mount}/app`, maxSecrets: 5 })).toMatchObject({ count: 5, truncated: false });
    // Two secrets known and a folder left: more exist, and the folder is not even listed.
    vault.clearRequests();
    expect(await runAction(readSecretsUnderPath, rootAuth(vault), { path: `${mount}/app`, maxSecrets: 2 })).toMatchObject({ count: 2, truncated: true });
    expect([lists(), reads(mount)]).toEqual([1, 2]);
  });

  it('reads a deeper folder with paths relative to it, and an empty folder as nothing', async () => {
    const out = await runAction(readSecretsUnderPath, rootAuth(vault), { path: `${mount}/app/lvl2` });
    expect(out.secrets).toEqual({ c: TREE['lvl2/c'], 'lvl3/d': TREE['lvl2/lvl3/d'], 'lvl3/e': TREE['lvl2/lvl3/e'] });
    expect(await runAction(readSecretsUnderPath, rootAuth(vault), { path: `${mount}/nothing-here/` })).toMatchObject({ secrets: {}, count: 0, truncated: false });
  });
});

describe('read_secrets_under_path', () => {
  it('reads through the value cache: a second run lists again but reads nothing', async () => {
    const auth = rootAuth(vault, { cacheTtlSeconds: 600 });
    await runAction(readSecretsUnderPath, auth, { path: 'kv2/app/' });
    vault.clearRequests();
    const again = await runAction(readSecretsUnderPath, auth, { path: 'kv2/app/' });
    expect(again.count).toBe(5);
    expect([lists(), reads('kv2')]).toEqual([3, 0]);
  });

  it('accepts the KV v2 API form of the folder (secret/data/...)', async () => {
    const out = await runAction(readSecretsUnderPath, rootAuth(vault), { path: 'kv2/data/app/lvl2/lvl3' });
    expect(out.secrets).toEqual({ d: TREE['lvl2/lvl3/d'], e: TREE['lvl2/lvl3/e'] });
  });

  it('reports a KV v2 secret whose latest version is deleted in `skipped`, with the reason, and reads the rest', async () => {
    await kvPut(vault, 'kv2', 'gone/live', { v: 1 });
    await kvPut(vault, 'kv2', 'gone/deleted', { v: 2 });
    await root(vault, 'DELETE', 'kv2/data/gone/deleted');
    const out = await runAction(readSecretsUnderPath, rootAuth(vault), { path: 'kv2/gone/' });
    expect(out).toMatchObject({ secrets: { live: { v: 1 } }, count: 1, truncated: false });
    expect(out.skipped).toEqual([{ path: 'deleted', reason: expect.stringContaining('was deleted at') }]);
  });

  it('keeps a secret named __proto__ as a plain key', async () => {
    await kvPut(vault, 'kv1', 'odd/__proto__', { polluted: 'no' });
    const out = await runAction(readSecretsUnderPath, rootAuth(vault), { path: 'kv1/odd/' });
    expect(Object.keys(out.secrets)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out.secrets)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails with the policy error when a secret under the folder may be listed but not read', async () => {
    await writePolicy(vault, 'list-only', 'path "kv2/metadata/app/*" { capabilities = ["list"] }\npath "kv2/data/app/a" { capabilities = ["read"] }');
    const token = await createToken(vault, { policies: ['list-only'] });
    const err = await runFailing(readSecretsUnderPath, tokenAuth(vault, token), { path: 'kv2/app/' });
    expect(err.message).toMatch(/permission|denied|policy/i);
  });

  it.each([
    [{ path: 'kv2/app/', maxSecrets: 1001 }, 'Max secrets must be at most 1000'],
    [{ path: 'kv2/app/', maxSecrets: 0 }, 'Max secrets must be at least 1'],
    [{ path: '' }, 'Folder path is required'],
  ])('refuses %j before any request', async (props, message) => {
    vault.clearRequests();
    const err = await runFailing(readSecretsUnderPath, rootAuth(vault), props);
    expect(err.message).toContain(message);
    expect(vault.requests).toEqual([]);
  });

  it('is refused on a write-only connection, and outside the path prefix, before any request', async () => {
    vault.clearRequests();
    expect((await runFailing(readSecretsUnderPath, rootAuth(vault, { accessMode: 'write_only' }), { path: 'kv2/app/' })).message).toContain('this connection is write-only');
    expect((await runFailing(readSecretsUnderPath, rootAuth(vault, { pathPrefix: 'kv2/other/' }), { path: 'kv2/app/' })).message).toContain('outside this connection\'s path prefix');
    expect(vault.requests).toEqual([]);
  });
});

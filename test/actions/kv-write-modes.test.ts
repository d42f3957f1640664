import { getSecret } from '../../src/lib/actions/get-secret';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { enableKv, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv2', 2);
});
afterAll(async () => {
  await vault?.stop();
});
afterEach(() => vault.setPatchSupported(true));

describe.each([
  { label: 'PATCH available (Vault >= 1.9)', patch: true },
  { label: 'PATCH answered 405 (older Vault)', patch: false },
])('merge with $label', ({ patch }) => {
  beforeEach(() => vault.setPatchSupported(patch));

  it('keeps the keys it does not send', async () => {
    const path = `kv2/merge-${patch}`;
    await runAction(writeSecret, rootAuth(vault), { path, data: { a: '1', b: '2' } });
    const meta = await runAction(writeSecret, rootAuth(vault), { path, data: { b: 'two', c: 3 } });
    expect(meta.version).toBe(2);
    const read = await runAction(getSecret, rootAuth(vault), { path });
    expect(read.data).toEqual({ a: '1', b: 'two', c: 3 });
  });

  it('20 concurrent merges of different keys all land', async () => {
    const path = `kv2/concurrent-${patch}`;
    await runAction(writeSecret, rootAuth(vault), { path, data: { seed: 'x' } });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => runAction(writeSecret, rootAuth(vault), { path, data: { [`key${i}`]: `value${i}` } })),
    );
    const read = await runAction(getSecret, rootAuth(vault), { path });
    const expected: Record<string, string> = { seed: 'x' };
    for (let i = 0; i < 20; i++) expected[`key${i}`] = `value${i}`;
    expect(read.data).toEqual(expected);
  });

  it('merging into a secret that does not exist creates it', async () => {
    const path = `kv2/new-by-merge-${patch}`;
    const meta = await runAction(writeSecret, rootAuth(vault), { path, data: { only: 'one' } });
    expect(meta.version).toBe(1);
    const read = await runAction(getSecret, rootAuth(vault), { path });
    expect(read.data).toEqual({ only: 'one' });
  });
});

describe('check-and-set', () => {
  it('writes when the version matches and refuses a stale one, leaving the secret unchanged', async () => {
    const path = 'kv2/cas';
    await runAction(writeSecret, rootAuth(vault), { path, data: { v: '1' }, mode: 'replace' });
    const ok = await runAction(writeSecret, rootAuth(vault), { path, data: { v: '2' }, mode: 'replace', cas: 1 });
    expect(ok.version).toBe(2);

    const err = await runFailing(writeSecret, rootAuth(vault), { path, data: { v: 'stale' }, mode: 'replace', cas: 1 });
    expect(err.message).toMatch(/check-and-set|cas/i);
    expect(err.message).toContain('kv2');
    expect(err.message).not.toContain('stale');

    const read = await runAction(getSecret, rootAuth(vault), { path });
    expect(read.data).toEqual({ v: '2' });
  });

  it('cas 0 only creates', async () => {
    const created = await runAction(writeSecret, rootAuth(vault), { path: 'kv2/cas0', data: { a: '1' }, mode: 'replace', cas: 0 });
    expect(created.version).toBe(1);
    await runFailing(writeSecret, rootAuth(vault), { path: 'kv2/cas0', data: { a: '2' }, mode: 'replace', cas: 0 });
  });

  it('create mode fails when the secret exists and keeps the old data', async () => {
    await runAction(writeSecret, rootAuth(vault), { path: 'kv2/create-only', data: { a: '1' }, mode: 'create' });
    const err = await runFailing(writeSecret, rootAuth(vault), { path: 'kv2/create-only', data: { a: 'second' }, mode: 'create' });
    expect(err.message).not.toContain('second');
    const read = await runAction(getSecret, rootAuth(vault), { path: 'kv2/create-only' });
    expect(read.data).toEqual({ a: '1' });
  });
});

import { startVaultDevServer } from '../../../dev/server';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient, VaultConnectionConfig } from '../../../src/lib/vault/types';
import { createAppRole, enableKv, kvPut, testConfig, writePolicy } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('value cache through the client', () => {
  let vault: Vault;
  let appRole: { roleId: string; secretId: string };
  const clients: VaultClient[] = [];
  const newClient = (over: Record<string, unknown> = {}, tweak: Partial<VaultConnectionConfig> = {}) => {
    const c = createVaultClient(testConfig(vault, { token: vault.rootToken, ...over }, tweak));
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-cache' });
    await enableKv(vault, 'secret', 2);
    await writePolicy(vault, 'reader-a', 'path "secret/data/a/*" { capabilities = ["read"] }\npath "secret/metadata/*" { capabilities = ["list"] }');
    await writePolicy(vault, 'reader-b', 'path "secret/data/b/*" { capabilities = ["read"] }');
    appRole = await createAppRole(vault, { role: 'cache-a', policies: ['reader-a'] });
    await Promise.all(Array.from({ length: 100 }, (_, i) => kvPut(vault, 'secret', `a/s${i}`, { value: `v${i}` })));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await vault.stop();
  });
  beforeEach(() => vault.clearRequests());

  it('1,000 reads of 100 secrets from 50 concurrent callers = 1 login and 100 reads', async () => {
    const c = newClient({ authMethod: 'appRole', token: undefined, roleId: appRole.roleId, secretId: appRole.secretId });
    const values = await Promise.all(
      Array.from({ length: 50 }, async (_, caller) => {
        const seen: unknown[] = [];
        for (let i = 0; i < 20; i++) {
          const n = (caller * 20 + i) % 100;
          seen.push((await c.kv.read(`secret/a/s${n}`)).data.value === `v${n}`);
        }
        return seen;
      }),
    );
    expect(values.flat().every((ok) => ok === true)).toBe(true);
    expect(vault.count({ method: 'POST', path: /auth\/approle\/login$/ })).toBe(1);
    expect(vault.count({ method: 'GET', path: /secret\/data\/a\/s\d+$/ })).toBe(100);
    expect(c.stats().logins).toBe(1);
    expect(c.stats().cacheEntries).toBe(100);
  });

  it('refetches after the TTL', async () => {
    const c = newClient({}, { cacheTtlSeconds: 0.3 });
    await c.kv.read('secret/a/s1');
    await c.kv.read('secret/a/s1');
    expect(vault.count({ path: /secret\/data\/a\/s1$/ })).toBe(1);
    await sleep(450);
    await c.kv.read('secret/a/s1');
    expect(vault.count({ path: /secret\/data\/a\/s1$/ })).toBe(2);
  });

  it('reads through on every call with cacheTtlSeconds 0', async () => {
    const c = newClient({ cacheTtlSeconds: 0 });
    await c.kv.read('secret/a/s2');
    await c.kv.read('secret/a/s2');
    expect(vault.count({ path: /secret\/data\/a\/s2$/ })).toBe(2);
  });

  it('does not cache a failed read: the next read asks Vault again', async () => {
    const c = newClient();
    await c.kv.read('secret/a/s3'); // discovery out of the way
    await c.clearCache('secret/a/s3');
    vault.inject({ method: 'GET', path: /secret\/data\/a\/s3$/, status: 404, body: { errors: [] } });
    expect((await errorOf(() => c.kv.read('secret/a/s3'))).kind).toBe('not_found');
    expect((await c.kv.read('secret/a/s3')).data).toEqual({ value: 'v3' });
  });

  it('drops a secret from the cache when the client writes or deletes it', async () => {
    const c = newClient();
    await c.kv.write('secret/w/x', { v: '1' }, { mode: 'replace' });
    expect((await c.kv.read('secret/w/x')).data).toEqual({ v: '1' });
    await c.kv.write('secret/w/x', { v: '2' });
    expect((await c.kv.read('secret/w/x')).data).toEqual({ v: '2' });
    await c.kv.remove('secret/w/x', { mode: 'soft' });
    expect((await errorOf(() => c.kv.read('secret/w/x'))).message).toMatch(/deleted/);
    await c.kv.remove('secret/w/x', { mode: 'undelete' });
    expect((await c.kv.read('secret/w/x')).data).toEqual({ v: '2' });
  });

  it('never lets two connections with different credentials see each other\'s values', async () => {
    const roleB = await createAppRole(vault, { role: 'cache-b', policies: ['reader-b'] });
    const a = newClient({ authMethod: 'appRole', token: undefined, roleId: appRole.roleId, secretId: appRole.secretId });
    const b = newClient({ authMethod: 'appRole', token: undefined, roleId: roleB.roleId, secretId: roleB.secretId });
    expect((await a.kv.read('secret/a/s5')).data).toEqual({ value: 'v5' });
    const err = await errorOf(() => b.kv.read('secret/a/s5'));
    expect(err.kind).toBe('permission_denied');
    expect(err.message).not.toContain('v5"');
  });
});

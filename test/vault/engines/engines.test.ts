/**
 * What the engines add below the actions: paths built from raw names and mounts (the actions
 * validate first; an engine must still never reach another endpoint), and the answers that are
 * not errors (`null`, `[]`) told apart by `VaultError.kind`, not by raw statuses.
 */
import { listMounts } from '../../../src/lib/vault/engines/sys-mounts';
import { PolicyEngine } from '../../../src/lib/vault/engines/policies';
import { TokenEngine } from '../../../src/lib/vault/engines/tokens';
import { TransitEngine } from '../../../src/lib/vault/engines/transit';
import { UserpassEngine } from '../../../src/lib/vault/engines/userpass';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient } from '../../../src/lib/vault/types';
import { createAppRole, createToken, rootRequest, startVault, testConfig, type VaultDevServer, vaultRequest, writePolicy } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

let vault: VaultDevServer;
let root: VaultClient;
const clients: VaultClient[] = [];

function clientWith(over: Parameters<typeof testConfig>[1]): VaultClient {
  const c = createVaultClient(testConfig(vault, over));
  clients.push(c);
  return c;
}

beforeAll(async () => {
  vault = await startVault();
  await rootRequest(vault, 'POST', 'sys/mounts/crypto/team', { type: 'transit' });
  await rootRequest(vault, 'POST', 'sys/mounts/empty-transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'crypto/team/keys/my key', {});
  await rootRequest(vault, 'POST', 'sys/auth/team/people', { type: 'userpass' });
  root = clientWith({ token: vault.rootToken });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await vault?.stop();
});

describe('paths', () => {
  it('encode each segment of the name and of a multi-segment mount given with slashes around it', async () => {
    const transit = new TransitEngine(root, '/crypto/team/');
    const ciphertext = await transit.encrypt('my key', Buffer.from('x').toString('base64'));
    expect(Buffer.from(await transit.decrypt('my key', ciphertext), 'base64').toString()).toBe('x');
    expect(await transit.listKeys()).toEqual(['my key']);
    expect(vault.count({ method: 'POST', path: 'crypto/team/encrypt/my key' })).toBe(1);

    const people = new UserpassEngine(root, 'team/people');
    await people.writeUser('ann é', { password: 'pw-123456', tokenPolicies: ['default'], tokenTtl: '1h', tokenMaxTtl: '1h' });
    expect((await vaultRequest(vault, 'POST', `auth/team/people/login/${encodeURIComponent('ann é')}`, { body: { password: 'pw-123456' } })).status).toBe(200);
    await people.deleteUser('ann é');
    expect((await vaultRequest(vault, 'POST', `auth/team/people/login/${encodeURIComponent('ann é')}`, { body: { password: 'pw-123456' } })).status).toBe(400);
  });

  it.each([['..'], ['../sys/mounts'], ['a/b']])('a name %j stays one segment: refused before it is sent', async (name) => {
    const before = vault.requests.length;
    for (const call of [
      () => new PolicyEngine(root).read(name),
      () => new PolicyEngine(root).delete(name),
      () => new UserpassEngine(root).deleteUser(name),
      () => new TransitEngine(root).encrypt(name, ''),
    ]) {
      expect((await errorOf(call)).kind).toBe('invalid_path');
    }
    expect(vault.requests.length).toBe(before);
  });
});

describe('answers that are not errors', () => {
  it('PolicyEngine.read: null when there is no such policy; other failures still throw', async () => {
    expect(await new PolicyEngine(root).read('no-such-policy')).toBeNull();
    await new PolicyEngine(root).write('engine-p', 'path "x/*" { capabilities = ["read"] }');
    expect(await new PolicyEngine(root).read('engine-p')).toEqual({ name: 'engine-p', policy: 'path "x/*" { capabilities = ["read"] }' });
    await new PolicyEngine(root).delete('engine-p');
    await new PolicyEngine(root).delete('engine-p');
    expect(await new PolicyEngine(root).read('engine-p')).toBeNull();

    const denied = clientWith({ token: await createToken(vault, { policies: ['default'] }) });
    expect((await errorOf(() => new PolicyEngine(denied).read('default'))).kind).toBe('permission_denied');
  });

  it('TransitEngine.listKeys: [] on an empty mount; a path with no transit engine throws not_found with Vault\'s message', async () => {
    expect(await new TransitEngine(root, 'empty-transit').listKeys()).toEqual([]);
    const err = await errorOf(() => new TransitEngine(root, 'nope').listKeys());
    expect(err.kind).toBe('not_found');
    expect(err.errors.length).toBeGreaterThan(0);
  });

  it('listMounts: the mounts of the asked types, or null when sys/mounts is denied', async () => {
    expect(await listMounts(root, ['transit'])).toEqual([
      { path: 'crypto/team/', type: 'transit' },
      { path: 'empty-transit/', type: 'transit' },
    ]);
    expect(await listMounts(root, ['kv'])).toEqual([{ path: 'secret/', type: 'kv', kvVersion: 2 }]);

    const denied = clientWith({ token: await createToken(vault, { policies: ['default'] }) });
    expect(await listMounts(denied, ['kv'])).toBeNull();
  });

  it('listMounts with a login connection: a 403 is retried after one fresh login, like any request', async () => {
    await writePolicy(vault, 'no-mounts', 'path "secret/*" { capabilities = ["read"] }');
    await writePolicy(vault, 'mounts', 'path "sys/mounts" { capabilities = ["read"] }');
    const denied = await createAppRole(vault, { role: 'no-mounts', policies: ['no-mounts'] });
    const allowed = await createAppRole(vault, { role: 'mounts', policies: ['mounts'] });

    // Really denied: null, after one more login (the fresh token is denied too).
    const deniedClient = clientWith({ authMethod: 'appRole', roleId: denied.roleId, secretId: denied.secretId });
    await deniedClient.token();
    expect(await listMounts(deniedClient, ['kv'])).toBeNull();
    expect(deniedClient.stats().logins).toBe(2);

    // Revoked behind the client's back: the fresh login lists the mounts (not "denied").
    const allowedClient = clientWith({ authMethod: 'appRole', roleId: allowed.roleId, secretId: allowed.secretId });
    const held = await allowedClient.token();
    await rootRequest(vault, 'POST', 'auth/token/revoke', { token: held.clientToken });
    expect(await listMounts(allowedClient, ['kv'])).toEqual([{ path: 'secret/', type: 'kv', kvVersion: 2 }]);
    expect(allowedClient.stats().logins).toBe(2);
  });
});

describe('TokenEngine', () => {
  it('create -> lookupAccessor -> revokeAccessor', async () => {
    const tokens = new TokenEngine(root);
    const created = await tokens.create({ policies: ['default'], ttl: '10m', numUses: 3 });
    expect(created).toEqual({ clientToken: expect.any(String), accessor: expect.any(String), policies: ['default'], leaseDuration: 600 });
    const info = await tokens.lookupAccessor(created.accessor);
    expect(info).toMatchObject({ accessor: created.accessor, policies: ['default'], numUses: 3, renewable: false });
    expect(JSON.stringify(info)).not.toContain(created.clientToken);
    await tokens.revokeAccessor(created.accessor);
    expect((await errorOf(() => tokens.lookupAccessor(created.accessor))).kind).toBe('bad_request');
  });
});

import { createTemporaryUser } from '../../src/lib/actions/create-temporary-user';
import { createToken } from '../../src/lib/actions/create-token';
import { deletePolicy } from '../../src/lib/actions/delete-policy';
import { deleteUser } from '../../src/lib/actions/delete-user';
import { lookupToken } from '../../src/lib/actions/lookup-token';
import { readPolicy } from '../../src/lib/actions/read-policy';
import { revokeToken } from '../../src/lib/actions/revoke-token';
import { writePolicy } from '../../src/lib/actions/write-policy';
import { rootAuth, rootRequest, startVault, type VaultDevServer, vaultRequest, writePolicy as setupPolicy } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;
const APP_HCL = 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n';

beforeAll(async () => {
  vault = await startVault();
  await setupPolicy(vault, 'app-read', APP_HCL);
  await rootRequest(vault, 'POST', 'sys/auth/userpass', { type: 'userpass' });
  await rootRequest(vault, 'POST', 'sys/auth/people', { type: 'userpass' });
});
afterAll(async () => {
  await vault?.stop();
});

describe('tokens', () => {
  it('creates a token that works, looks it up by accessor, and it expires after its TTL', async () => {
    const created = await runAction(createToken, rootAuth(vault), { policies: ['app-read'], ttl: '60s', numUses: 0 });
    expect(created.token).toEqual(expect.any(String));
    expect(created.accessor).toEqual(expect.any(String));
    expect(created.policies).toEqual(expect.arrayContaining(['app-read']));
    expect(created.ttl).toBe(60);

    expect((await vaultRequest(vault, 'GET', 'auth/token/lookup-self', { token: created.token })).status).toBe(200);

    const info = await runAction(lookupToken, rootAuth(vault), { accessor: created.accessor });
    expect(info.policies).toEqual(expect.arrayContaining(['app-read']));
    expect(info.ttl).toBeGreaterThan(0);
    expect(info.ttl).toBeLessThanOrEqual(60);
    expect(info.expireTime).toEqual(expect.any(String));
    expect(JSON.stringify(info)).not.toContain(created.token);

    vault.advanceTime(61);
    expect((await vaultRequest(vault, 'GET', 'auth/token/lookup-self', { token: created.token })).status).toBe(403);
  });

  it('accepts a TTL in seconds and a use limit', async () => {
    const created = await runAction(createToken, rootAuth(vault), { policies: [], ttl: 3600, numUses: 1 });
    expect(created.ttl).toBe(3600);
    expect((await vaultRequest(vault, 'GET', 'auth/token/lookup-self', { token: created.token })).status).toBe(200);
    // its only use is gone
    expect((await vaultRequest(vault, 'GET', 'auth/token/lookup-self', { token: created.token })).status).toBe(403);
  });

  it('revoke_token stops the token at once', async () => {
    const created = await runAction(createToken, rootAuth(vault), { policies: ['app-read'], ttl: '1h' });
    const out = await runAction(revokeToken, rootAuth(vault), { accessor: created.accessor });
    expect(out).toEqual({ revoked: true, accessor: created.accessor });
    expect((await vaultRequest(vault, 'GET', 'auth/token/lookup-self', { token: created.token })).status).toBe(403);
    await runFailing(lookupToken, rootAuth(vault), { accessor: created.accessor });
  });

  it('refuses a malformed TTL naming the prop', async () => {
    await expect(runAction(createToken, rootAuth(vault), { ttl: 'one hour' })).rejects.toThrow(/"ttl"/);
  });
});

describe('temporary users', () => {
  const password = 'Tmp-Passw0rd-xyz';

  it('creates a user whose login tokens carry the policies and expire; delete_user ends logins', async () => {
    const out = await runAction(createTemporaryUser, rootAuth(vault), {
      username: 'contractor',
      password,
      policies: ['app-read'],
      ttl: '2m',
    });
    expect(out).toEqual({ username: 'contractor', policies: ['app-read'], ttl: 120 });
    expect(JSON.stringify(out)).not.toContain(password);

    const login = await vaultRequest(vault, 'POST', 'auth/userpass/login/contractor', { body: { password } });
    expect(login.status).toBe(200);
    expect(login.body.auth.policies).toEqual(expect.arrayContaining(['app-read']));
    expect(login.body.auth.lease_duration).toBe(120);
    const token = login.body.auth.client_token as string;

    vault.advanceTime(121);
    expect((await vaultRequest(vault, 'GET', 'auth/token/lookup-self', { token })).status).toBe(403);

    await runAction(deleteUser, rootAuth(vault), { username: 'contractor' });
    const again = await vaultRequest(vault, 'POST', 'auth/userpass/login/contractor', { body: { password } });
    expect(again.status).toBeGreaterThanOrEqual(400);
  });

  it('uses another userpass mount', async () => {
    await runAction(createTemporaryUser, rootAuth(vault), { username: 'bob', password, userpassPath: 'people' });
    expect((await vaultRequest(vault, 'POST', 'auth/people/login/bob', { body: { password } })).status).toBe(200);
    expect((await vaultRequest(vault, 'POST', 'auth/userpass/login/bob', { body: { password } })).status).toBeGreaterThanOrEqual(400);
    await runAction(deleteUser, rootAuth(vault), { username: 'bob', userpassPath: 'people' });
    expect((await vaultRequest(vault, 'POST', 'auth/people/login/bob', { body: { password } })).status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a username that would reach another path', async () => {
    const err = await runFailing(createTemporaryUser, rootAuth(vault), { username: '../../sys/x', password });
    expect(err.message).toMatch(/"username"/);
    expect(err.message).not.toContain(password);
  });
});

describe('policies', () => {
  it('writes, reads back and deletes a policy', async () => {
    const hcl = 'path "secret/data/team/*" {\n  capabilities = ["read", "list"]\n}\n';
    expect(await runAction(writePolicy, rootAuth(vault), { name: 'team-read', policy: hcl })).toEqual({
      name: 'team-read',
      written: true,
    });
    expect(await runAction(readPolicy, rootAuth(vault), { name: 'team-read' })).toEqual({ name: 'team-read', policy: hcl });

    // the policy is in force: a token with it can read there
    const created = await runAction(createToken, rootAuth(vault), { policies: ['team-read'], ttl: '1h' });
    const caps = await vaultRequest(vault, 'POST', 'sys/capabilities-self', { token: created.token, body: { paths: ['secret/data/team/x'] } });
    if (caps.status === 200) expect(caps.body.capabilities ?? caps.body.data?.capabilities).toEqual(expect.arrayContaining(['read']));

    await runAction(deletePolicy, rootAuth(vault), { name: 'team-read' });
    const err = await runFailing(readPolicy, rootAuth(vault), { name: 'team-read' });
    expect(err.message).toContain('No ACL policy named "team-read"');
  });

  it('shows Vault\'s message for invalid HCL', async () => {
    const err = await runFailing(writePolicy, rootAuth(vault), { name: 'broken', policy: 'path "x" { capabilities = ' });
    expect(err.message).toMatch(/pars|polic|invalid/i);
    expect(err.message).toContain('sys/policies/acl/broken');
    await runFailing(readPolicy, rootAuth(vault), { name: 'broken' });
  });
});

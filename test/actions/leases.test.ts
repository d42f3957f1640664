/**
 * Dynamic credentials: read_dynamic_secret, then renew_lease, lookup_lease and
 * revoke_lease on its lease, against the dev server's database engine over HTTP.
 */
import { lookupLease } from '../../src/lib/actions/lookup-lease';
import { readDynamicSecret } from '../../src/lib/actions/read-dynamic-secret';
import { renewLease } from '../../src/lib/actions/renew-lease';
import { revokeLease } from '../../src/lib/actions/revoke-lease';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { rootAuth, rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const DB_PASSWORD = 'db-admin-Passw0rd-51e2';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await rootRequest(vault, 'POST', 'sys/mounts/database', { type: 'database' });
  const config = await rootRequest(vault, 'POST', 'database/config/pg', {
    plugin_name: 'postgresql-database-plugin',
    connection_url: 'postgresql://{{username}}:{{password}}@127.0.0.1:5432/app',
    username: 'vaultadmin',
    password: DB_PASSWORD,
    allowed_roles: 'readonly',
    verify_connection: false,
  });
  expect(config.status).toBeLessThan(300);
  const role = await rootRequest(vault, 'POST', 'database/roles/readonly', {
    db_name: 'pg',
    creation_statements: ["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"],
    default_ttl: '1h',
    max_ttl: '24h',
  });
  expect(role.status).toBeLessThan(300);
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

describe('read_dynamic_secret and leases', () => {
  it('reads new credentials every time (never cached), with a renewable lease', async () => {
    vault.clearRequests();
    const auth = rootAuth(vault, { cacheTtlSeconds: 3600 });
    const a = await runAction(readDynamicSecret, auth, { path: 'database/creds/readonly' });
    const b = await runAction(readDynamicSecret, auth, { path: '/database/creds/readonly/' });
    expect(vault.count({ path: 'database/creds/readonly' })).toBe(2);
    expect(a.data.username).toEqual(expect.any(String));
    expect(a.data.password).toEqual(expect.any(String));
    expect(b.data.username).not.toBe(a.data.username);
    expect(a.leaseId).toMatch(/^database\/creds\/readonly\/.+/);
    expect(a.leaseDuration).toBe(3600);
    expect(a.renewable).toBe(true);
    expect(Object.keys(a).sort()).toEqual(['data', 'leaseDuration', 'leaseId', 'renewable']);
  });

  it('looks up, renews and revokes the lease', async () => {
    const creds = await runAction(readDynamicSecret, rootAuth(vault), { path: 'database/creds/readonly' });

    const info = await runAction(lookupLease, rootAuth(vault), { leaseId: creds.leaseId });
    expect(Object.keys(info).sort()).toEqual(['expireTime', 'issueTime', 'renewable', 'ttl']);
    expect(info.renewable).toBe(true);
    expect(info.ttl).toBeGreaterThan(3500);
    expect(info.ttl).toBeLessThanOrEqual(3600);
    expect(info.expireTime).toMatch(ISO);
    expect(info.issueTime).toMatch(ISO);
    expect(Math.abs(Date.parse(info.expireTime) - (Date.now() + info.ttl * 1000))).toBeLessThan(5_000);

    const renewed = await runAction(renewLease, rootAuth(vault), { leaseId: creds.leaseId, increment: '2h' });
    expect(renewed).toEqual({ leaseId: creds.leaseId, leaseDuration: 7200, renewable: true });
    const after = await runAction(lookupLease, rootAuth(vault), { leaseId: creds.leaseId });
    expect(after.ttl).toBeGreaterThan(7100);

    expect(await runAction(revokeLease, rootAuth(vault), { leaseId: creds.leaseId })).toEqual({ revoked: true });
    const gone = await runFailing(lookupLease, rootAuth(vault), { leaseId: creds.leaseId });
    expect(gone.message).toMatch(/invalid lease|not found/i);
    const noRenew = await runFailing(renewLease, rootAuth(vault), { leaseId: creds.leaseId, increment: '1h' });
    expect(noRenew.message).toContain('sys/leases/renew');
  });

  it('the lease expires with the dev server\'s clock', async () => {
    const creds = await runAction(readDynamicSecret, rootAuth(vault), { path: 'database/creds/readonly' });
    expect((await runAction(lookupLease, rootAuth(vault), { leaseId: creds.leaseId })).ttl).toBeGreaterThan(0);
    vault.advanceTime(3601);
    const expired = await runFailing(lookupLease, rootAuth(vault), { leaseId: creds.leaseId });
    expect(expired.message).toMatch(/invalid lease/i);
  });

  it('shows Vault\'s reason for an unknown role, and refuses a bad path naming the prop', async () => {
    const err = await runFailing(readDynamicSecret, rootAuth(vault), { path: 'database/creds/nope' });
    expect(err.message).toContain('database/creds/nope');
    const bad = await runFailing(readDynamicSecret, rootAuth(vault), { path: 'database/../sys/x' });
    expect(bad.message).toMatch(/"path"/);
    const noLease = await runFailing(renewLease, rootAuth(vault), { leaseId: '' });
    expect(noLease.message).toMatch(/"leaseId"/);
    const badIncrement = await runFailing(renewLease, rootAuth(vault), { leaseId: 'x', increment: 'forever' });
    expect(badIncrement.message).toMatch(/"increment"/);
  });
});

describe('access modes', () => {
  it('read_dynamic_secret needs read_and_write: refused on read_only and write_only before any request, with the reason', async () => {
    vault.clearRequests();
    for (const accessMode of ['read_only', 'write_only']) {
      const err = await runFailing(readDynamicSecret, rootAuth(vault, { accessMode }), { path: 'database/creds/readonly' });
      expect(err.message).toMatch(/read-and-write/);
      expect(err.message).toMatch(/creates new credentials/);
      expect((err as any).kind).toBe('access_denied_by_connection');
    }
    expect(vault.count({ path: /^database\// })).toBe(0);
  });

  it('read_dynamic_secret keeps to the path prefix', async () => {
    const err = await runFailing(readDynamicSecret, rootAuth(vault, { pathPrefix: 'secret/app/' }), { path: 'database/creds/readonly' });
    expect(err.message).toMatch(/outside this connection's path prefix/);
    const inside = await runAction(readDynamicSecret, rootAuth(vault, { pathPrefix: 'database/creds/' }), { path: 'database/creds/readonly' });
    expect(inside.leaseId).toMatch(/^database\/creds\/readonly\//);
  });

  it('on a prefixed connection, lease actions are checked against the lease id', async () => {
    const creds = await runAction(readDynamicSecret, rootAuth(vault), { path: 'database/creds/readonly' });
    vault.clearRequests();
    const elsewhere = rootAuth(vault, { pathPrefix: 'secret/app/' });
    for (const action of [lookupLease, renewLease, revokeLease]) {
      expect((await runFailing(action, elsewhere, { leaseId: creds.leaseId })).message).toMatch(/outside this connection's path prefix/);
    }
    expect(vault.count({ path: /^sys\/leases/ })).toBe(0);
    const inside = rootAuth(vault, { pathPrefix: 'database/creds/' });
    expect((await runAction(lookupLease, inside, { leaseId: creds.leaseId })).renewable).toBe(true);
    expect(await runAction(revokeLease, inside, { leaseId: creds.leaseId })).toEqual({ revoked: true });
  });

  it('renew and revoke are writes (refused on read_only, allowed on write_only); lookup is a read (refused on write_only)', async () => {
    const creds = await runAction(readDynamicSecret, rootAuth(vault), { path: 'database/creds/readonly' });
    vault.clearRequests();
    const ro = rootAuth(vault, { accessMode: 'read_only' });
    const wo = rootAuth(vault, { accessMode: 'write_only' });
    expect((await runFailing(renewLease, ro, { leaseId: creds.leaseId })).message).toMatch(/read-only/);
    expect((await runFailing(revokeLease, ro, { leaseId: creds.leaseId })).message).toMatch(/read-only/);
    expect((await runFailing(lookupLease, wo, { leaseId: creds.leaseId })).message).toMatch(/write-only/);
    expect(vault.count({ path: /^sys\/leases/ })).toBe(0);

    expect((await runAction(lookupLease, ro, { leaseId: creds.leaseId })).renewable).toBe(true);
    expect((await runAction(renewLease, wo, { leaseId: creds.leaseId, increment: '30m' })).leaseDuration).toBe(1800);
    expect(await runAction(revokeLease, wo, { leaseId: creds.leaseId })).toEqual({ revoked: true });
  });
});

describe('secrets stay out of errors and logs', () => {
  it('a malformed credentials answer fails without echoing the password; nothing is logged or stored', async () => {
    const password = 'GENERATED-db-password-93ab';
    vault.inject({ path: 'database/creds/readonly', status: 200, body: { lease_id: 42, data: { username: 'v-user', password } } });
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))),
    );
    const store = new MemoryStore();
    try {
      const err = await runFailing(readDynamicSecret, rootAuth(vault), { path: 'database/creds/readonly' }, { store });
      expect(err.message).toMatch(/lease_id/);
      expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain(password);
      const creds = await runAction(readDynamicSecret, rootAuth(vault), { path: 'database/creds/readonly' }, { store });
      await runAction(revokeLease, rootAuth(vault), { leaseId: creds.leaseId }, { store });
      const revoked = await runFailing(renewLease, rootAuth(vault), { leaseId: creds.leaseId }, { store });
      expect(revoked.message).not.toContain(creds.data.password);
      expect(logs.join('\n')).not.toContain(password);
      expect(logs.join('\n')).not.toContain(creds.data.password);
      expect(store.dump()).not.toContain(creds.data.password);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });
});

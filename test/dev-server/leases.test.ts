import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

const LEASE_ID = /^database\/creds\/readonly\/[A-Za-z0-9]{24}$/;

async function setupDatabase(vault: VaultDevServer): Promise<void> {
  await root(vault, 'POST', 'sys/mounts/database', { body: { type: 'database' } });
  const config = await root(vault, 'POST', 'database/config/app', {
    body: { plugin_name: 'postgresql-database-plugin', allowed_roles: 'readonly,report-*', connection_url: 'postgresql://{{username}}:{{password}}@db:5432/app', username: 'vault', password: 'secret' },
  });
  expect(config.status).toBe(204);
  await root(vault, 'POST', 'database/roles/readonly', {
    body: { db_name: 'app', creation_statements: ['CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';'], default_ttl: '1h', max_ttl: '3h' },
  });
}

describe('database engine', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await setupDatabase(vault);
  });
  afterAll(() => vault.stop());

  it('reading creds/<role> creates a leased, renewable user with a Vault-shaped name and password', async () => {
    const res = await root(vault, 'GET', 'database/creds/readonly');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lease_id: expect.stringMatching(LEASE_ID), lease_duration: 3600, renewable: true });
    expect(res.body.data.username).toMatch(new RegExp(`^v-token-readonly-[A-Za-z0-9]{20}-${Math.floor(vault.now / 1000)}$|^v-token-readonly-[A-Za-z0-9]{20}-\\d{10}$`));
    expect(res.body.data.password).toMatch(/^[A-Za-z0-9-]{20}$/);
    const other = await root(vault, 'GET', 'database/creds/readonly');
    expect(other.body.data.username).not.toBe(res.body.data.username);
    expect(other.body.lease_id).not.toBe(res.body.lease_id);
  });

  it('keeps the password out of the config it reads back', async () => {
    const cfg = (await root(vault, 'GET', 'database/config/app')).body.data;
    expect(cfg).toMatchObject({ plugin_name: 'postgresql-database-plugin', allowed_roles: ['readonly', 'report-*'] });
    expect(cfg.connection_details).toEqual({ connection_url: 'postgresql://{{username}}:{{password}}@db:5432/app', username: 'vault' });
    const warned = await root(vault, 'POST', 'database/config/inline', { body: { plugin_name: 'mysql-database-plugin', connection_url: 'mysql://root:pw@db:3306/' } });
    expect(warned.body.warnings).toEqual(['Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.']);
    expect((await root(vault, 'GET', 'database/config/inline')).body.data.connection_details.connection_url).toBe('mysql://root:xxxxx@db:3306/');
  });

  it("answers configuration mistakes with Vault's texts", async () => {
    expect((await root(vault, 'POST', 'database/config/x', { body: { connection_url: 'x' } })).body).toEqual({ errors: ['empty plugin name'] });
    expect((await root(vault, 'POST', 'database/roles/r', { body: { default_ttl: '1h' } })).body).toEqual({ errors: ['empty database name attribute'] });
    expect((await root(vault, 'GET', 'database/creds/none')).body).toEqual({ errors: ['unknown role: none'] });
    await root(vault, 'POST', 'database/roles/admin', { body: { db_name: 'app' } });
    expect(await root(vault, 'GET', 'database/creds/admin')).toMatchObject({ status: 500, body: { errors: ['1 error occurred:\n\t* "admin" is not an allowed role\n\n'] } });
    await root(vault, 'POST', 'database/roles/orphan', { body: { db_name: 'missing' } });
    expect((await root(vault, 'GET', 'database/creds/orphan')).body).toEqual({ errors: ['1 error occurred:\n\t* failed to find entry for connection with name: "missing"\n\n'] });
  });
});

describe('sys/leases', () => {
  let vault: VaultDevServer;
  beforeEach(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await setupDatabase(vault);
  });
  afterEach(() => vault.stop());

  const creds = async (token = 'root') => (await call(vault, 'GET', 'database/creds/readonly', { token })).body;

  it('looks a lease up, renews it by an increment, and caps renewals at the role max_ttl', async () => {
    const { lease_id } = await creds();
    const looked = (await root(vault, 'PUT', 'sys/leases/lookup', { body: { lease_id } })).body.data;
    expect(looked).toMatchObject({ id: lease_id, renewable: true, last_renewal: null, ttl: expect.any(Number) });
    expect(looked.ttl).toBeGreaterThan(3590);
    expect(Date.parse(looked.expire_time) - Date.parse(looked.issue_time)).toBeGreaterThanOrEqual(3599_000);

    vault.advanceTime(600);
    const renewed = await root(vault, 'PUT', 'sys/leases/renew', { body: { lease_id, increment: '30m' } });
    expect(renewed.body).toMatchObject({ lease_id, lease_duration: 1800, renewable: true, data: null, warnings: null });
    expect((await root(vault, 'PUT', 'sys/leases/lookup', { body: { lease_id } })).body.data.last_renewal).toEqual(expect.stringMatching(/Z$/));

    vault.advanceTime(1500);
    const capped = await root(vault, 'PUT', 'sys/renew', { body: { lease_id, increment: '10h' } });
    expect(capped.body.lease_duration).toBeGreaterThanOrEqual(8699);
    expect(capped.body.lease_duration).toBeLessThanOrEqual(8701);
    expect(capped.body.warnings[0]).toMatch(/^TTL of "10h0m0s" exceeded the effective max_ttl of "2h2[45]m\d+s"; TTL value is capped accordingly$/);

    vault.advanceTime(8702);
    expect((await root(vault, 'PUT', 'sys/leases/renew', { body: { lease_id } })).body).toEqual({ errors: ['lease not found'] });
  });

  it('an expired lease is gone: lookup says invalid lease, renew lease not found, revoke is a no-op', async () => {
    const { lease_id } = await creds();
    vault.advanceTime(3601);
    expect(await root(vault, 'PUT', 'sys/leases/lookup', { body: { lease_id } })).toMatchObject({ status: 400, body: { errors: ['invalid lease'] } });
    expect(await root(vault, 'PUT', 'sys/leases/renew', { body: { lease_id } })).toMatchObject({ status: 400, body: { errors: ['lease not found'] } });
    expect((await root(vault, 'PUT', 'sys/leases/revoke', { body: { lease_id } })).status).toBe(204);
    expect((await root(vault, 'PUT', 'sys/leases/lookup', { body: {} })).body).toEqual({ errors: ['lease_id must be specified'] });
  });

  it('revokes by body or URL, and lists leases by prefix for sudo tokens', async () => {
    const a = (await creds()).lease_id;
    const b = (await creds()).lease_id;
    const listed = await root(vault, 'LIST', 'sys/leases/lookup/database/creds/readonly/');
    expect(listed.body.data.keys.sort()).toEqual([a, b].map((id: string) => id.split('/').pop()).sort());
    expect((await root(vault, 'LIST', 'sys/leases/lookup/database/')).body.data.keys).toEqual(['creds/']);
    expect((await root(vault, 'PUT', 'sys/leases/revoke', { body: { lease_id: a } })).status).toBe(204);
    expect((await root(vault, 'PUT', `sys/revoke/${b}`)).status).toBe(204);
    for (const id of [a, b]) expect((await root(vault, 'PUT', 'sys/leases/lookup', { body: { lease_id: id } })).body.errors).toEqual(['invalid lease']);
    expect((await root(vault, 'LIST', 'sys/leases/lookup/database/creds/readonly/')).status).toBe(404);
  });

  it('goes through the ACL like any path, and dies with the token that created it', async () => {
    await writePolicy(
      vault,
      'app',
      'path "database/creds/readonly" { capabilities = ["read"] }\npath "sys/leases/renew" { capabilities = ["update"] }\npath "sys/leases/lookup/*" { capabilities = ["list"] }',
    );
    const token = await createToken(vault, { policies: ['app'], ttl: '8h' });
    const { lease_id } = await creds(token);
    expect((await call(vault, 'PUT', 'sys/leases/renew', { token, body: { lease_id } })).body.lease_duration).toBe(3600);
    expect((await call(vault, 'PUT', 'sys/leases/revoke', { token, body: { lease_id } })).status).toBe(403);
    expect((await call(vault, 'LIST', 'sys/leases/lookup/database/', { token })).status).toBe(403);
    expect((await call(vault, 'POST', 'auth/token/revoke-self', { token })).status).toBe(204);
    expect((await root(vault, 'PUT', 'sys/leases/lookup', { body: { lease_id } })).body.errors).toEqual(['invalid lease']);
  });

  it('a PKI certificate with generate_lease: not renewable, and revoking the lease revokes the certificate', async () => {
    await root(vault, 'POST', 'sys/mounts/pki', { body: { type: 'pki' } });
    await root(vault, 'POST', 'pki/root/generate/internal', { body: { common_name: 'Lease CA', ttl: '48h' } });
    await root(vault, 'POST', 'pki/roles/leased', { body: { allow_any_name: true, generate_lease: true, ttl: '1h' } });
    const issued = await root(vault, 'POST', 'pki/issue/leased', { body: { common_name: 'svc.internal' } });
    expect(issued.body).toMatchObject({ lease_id: expect.stringMatching(/^pki\/issue\/leased\/[A-Za-z0-9]{24}$/), renewable: false });
    expect(issued.body.lease_duration).toBeGreaterThan(3590);
    const { lease_id } = issued.body;
    expect((await root(vault, 'PUT', 'sys/leases/renew', { body: { lease_id } })).body).toEqual({ errors: ['lease is not renewable'] });
    expect((await root(vault, 'PUT', 'sys/leases/revoke', { body: { lease_id } })).status).toBe(204);
    const cert = await root(vault, 'GET', `pki/cert/${issued.body.data.serial_number}`);
    expect(cert.body.data.revocation_time).toBeGreaterThan(0);

    const token = await createToken(vault, { policies: ['root'] });
    const other = (await call(vault, 'POST', 'pki/issue/leased', { token, body: { common_name: 'job.internal' } })).body.data;
    expect((await call(vault, 'POST', 'auth/token/revoke-self', { token })).status).toBe(204);
    expect((await root(vault, 'GET', `pki/cert/${other.serial_number}`)).body.data.revocation_time).toBeGreaterThan(0);
  });
});

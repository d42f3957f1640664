import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

describe('token auth', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await writePolicy(vault, 'app', 'path "secret/data/*" { capabilities = ["read", "create", "update"] }');
    await writePolicy(vault, 'creator', 'path "auth/token/create" { capabilities = ["update"] }');
  });
  afterAll(() => vault.stop());

  it('creates service tokens with s. ids and the requested TTL and policies', async () => {
    const res = await root(vault, 'POST', 'auth/token/create', { body: { policies: ['app'], ttl: '1h' } });
    expect(res.status).toBe(200);
    expect(res.body.auth).toMatchObject({ policies: ['app', 'default'], lease_duration: 3600, renewable: true, token_type: 'service', orphan: false });
    expect(res.body.auth.client_token).toMatch(/^s\.[A-Za-z0-9]{24}$/);
    const self = await call(vault, 'GET', 'auth/token/lookup-self', { token: res.body.auth.client_token });
    expect(self.body.data).toMatchObject({ creation_ttl: 3600, policies: ['app', 'default'], type: 'service', path: 'auth/token/create' });
  });

  it('the root token never expires', async () => {
    vault.advanceTime(10 * 365 * 24 * 3600);
    const self = await root(vault, 'GET', 'auth/token/lookup-self');
    expect(self.body.data).toMatchObject({ ttl: 0, expire_time: null, policies: ['root'] });
  });

  it('expires tokens with the clock: 403 permission denied afterwards', async () => {
    const token = await createToken(vault, { policies: ['app'], ttl: '30s' });
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token })).status).toBe(200);
    vault.advanceTime(31);
    expect(await call(vault, 'GET', 'secret/data/x', { token })).toMatchObject({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('renews up to the max TTL and warns when capped', async () => {
    const token = await createToken(vault, { policies: ['app'], ttl: '1m', explicitMaxTtl: '10m' });
    const renewed = await call(vault, 'POST', 'auth/token/renew-self', { token, body: { increment: '5m' } });
    expect(renewed.body.auth.lease_duration).toBe(300);
    expect(renewed.body.warnings).toBeNull();
    const capped = await call(vault, 'POST', 'auth/token/renew-self', { token, body: { increment: '1h' } });
    expect(capped.body.auth.lease_duration).toBeLessThanOrEqual(600);
    expect(capped.body.auth.lease_duration).toBeGreaterThan(590);
    expect(capped.body.warnings[0]).toMatch(/^TTL of "1h" exceeded the effective max_ttl of "\d+m(\d+s)?"; TTL value is capped accordingly$/);
    vault.advanceTime(601);
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token })).status).toBe(403);
  });

  it('refuses to renew non-renewable and batch tokens', async () => {
    const fixed = await createToken(vault, { policies: ['app'], ttl: '1h', renewable: false });
    expect((await call(vault, 'POST', 'auth/token/renew-self', { token: fixed })).status).toBe(400);
    const batch = await createToken(vault, { policies: ['app'], ttl: '1h', type: 'batch' });
    expect(batch).toMatch(/^b\./);
    const res = await call(vault, 'POST', 'auth/token/renew-self', { token: batch });
    expect(res).toMatchObject({ status: 400, body: { errors: ['batch tokens cannot be renewed'] } });
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token: batch })).body.data.type).toBe('batch');
  });

  it('accepts Authorization: Bearer as well as X-Vault-Token', async () => {
    const token = await createToken(vault, { policies: ['app'] });
    const res = await call(vault, 'GET', 'auth/token/lookup-self', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.body.data.id).toBe(token);
  });

  it('looks up, and revokes by accessor; revoking a parent revokes its children', async () => {
    const parent = await createToken(vault, { policies: ['app', 'creator'] });
    const child = (await call(vault, 'POST', 'auth/token/create', { token: parent, body: { policies: ['app'] } })).body.auth;
    const byToken = await root(vault, 'POST', 'auth/token/lookup', { body: { token: child.client_token } });
    expect(byToken.body.data.accessor).toBe(child.accessor);
    const byAccessor = await root(vault, 'POST', 'auth/token/lookup-accessor', { body: { accessor: child.accessor } });
    expect(byAccessor.body.data).toMatchObject({ id: '', accessor: child.accessor });
    expect((await call(vault, 'POST', 'auth/token/revoke-self', { token: parent })).status).toBe(204);
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token: child.client_token })).status).toBe(403);
    const other = (await root(vault, 'POST', 'auth/token/create', { body: { policies: ['app'] } })).body.auth;
    expect((await root(vault, 'POST', 'auth/token/revoke-accessor', { body: { accessor: other.accessor } })).status).toBe(204);
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token: other.client_token })).status).toBe(403);
  });

  it('refuses child policies the parent does not have', async () => {
    const plain = await createToken(vault, { policies: ['app'] });
    expect((await call(vault, 'POST', 'auth/token/create', { token: plain, body: { policies: ['app'] } })).status).toBe(403);
    const parent = await createToken(vault, { policies: ['app', 'creator'] });
    const res = await call(vault, 'POST', 'auth/token/create', { token: parent, body: { policies: ['admin'] } });
    expect(res).toMatchObject({ status: 400, body: { errors: ['child policies must be subset of parent'] } });
  });

  it('counts num_uses and revokes the token when they run out', async () => {
    const token = await createToken(vault, { policies: ['app'], numUses: 2 });
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token })).body.data.num_uses).toBe(1);
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token })).status).toBe(200);
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token })).status).toBe(403);
  });

  it('creates orphan tokens', async () => {
    const res = await root(vault, 'POST', 'auth/token/create-orphan', { body: { policies: ['app'] } });
    expect(res.body.auth.orphan).toBe(true);
  });
});

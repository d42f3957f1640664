/**
 * Answers checked against Vault's own source (hashicorp/vault, vault-plugin-secrets-kv, openbao)
 * where the recording has no example: each case is one a client could branch on.
 */
import { request } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createAppRole, createNamespace, kvPut } from '../helpers/vault-setup';
import { call, root } from './call';

const MERGE = { 'Content-Type': 'application/merge-patch+json' };

describe('dev server answers like Vault where the recording is silent', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await createNamespace(vault, 'team');
  });
  afterAll(() => vault.stop());

  it('an unknown X-Vault-Namespace is 404 "namespace not found", even for a login; "root" means the root namespace', async () => {
    expect(await root(vault, 'GET', 'sys/internal/ui/mounts/secret/x', { namespace: 'nope' })).toMatchObject({ status: 404, body: { errors: ['namespace not found'] } });
    expect(await call(vault, 'POST', 'auth/approle/login', { namespace: 'team/nope', body: { role_id: 'r' } })).toMatchObject({ status: 404, body: { errors: ['namespace not found'] } });
    expect((await root(vault, 'GET', 'sys/internal/ui/mounts/secret/x', { namespace: 'root' })).body.data.path).toBe('secret/');
    // sys/health is served outside the namespaced API.
    expect((await call(vault, 'GET', 'sys/health', { namespace: 'nope' })).status).toBe(200);
  });

  it('a login on an auth mount that does not exist needs a token (400), and is "no handler" for root', async () => {
    expect(await call(vault, 'POST', 'auth/nope/login', { body: { role_id: 'r', secret_id: 's' } })).toMatchObject({ status: 400, body: { errors: ['missing client token'] } });
    expect(await root(vault, 'POST', 'auth/nope/login', { body: {} })).toMatchObject({ status: 404, body: { errors: ["no handler for route 'auth/nope/login'"] } });
  });

  it('PATCH: a missing Content-Type is 400, another type 415 naming it without parameters, parameters on merge-patch are fine', async () => {
    await kvPut(vault, 'secret', 'patched', { a: '1' });
    const bare = await request(`${vault.url}/v1/secret/data/patched`, { method: 'PATCH', headers: { 'X-Vault-Token': 'root' }, body: '{"data":{"b":"2"}}' });
    expect(bare.statusCode).toBe(400);
    expect(await bare.body.json()).toEqual({ errors: ['mime: no media type'] });
    expect(await root(vault, 'PATCH', 'secret/data/patched', { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: { data: { b: '2' } } })).toMatchObject({
      status: 415,
      body: { errors: ['PATCH requires Content-Type of application/merge-patch+json, provided application/json'] },
    });
    const ok = await root(vault, 'PATCH', 'secret/data/patched', { headers: { 'Content-Type': 'Application/Merge-Patch+JSON; charset=utf-8' }, body: { data: { b: '2' } } });
    expect(ok.status).toBe(200);
    expect((await root(vault, 'GET', 'secret/data/patched')).body.data.data).toEqual({ a: '1', b: '2' });
  });

  it('a write to a path ending in "/" is refused before it runs', async () => {
    expect(await root(vault, 'POST', 'secret/data/dir/', { body: { data: { a: 1 } } })).toMatchObject({ status: 400, body: { errors: ["cannot write to a path ending in '/'"] } });
    expect(await root(vault, 'PATCH', 'secret/data/dir/', { headers: MERGE, body: { data: { a: 1 } } })).toMatchObject({ status: 400 });
    expect((await root(vault, 'LIST', 'secret/metadata/dir/')).status).toBe(404);
  });

  it('?list= takes Go booleans: 1 lists, false reads, garbage is a bare 400', async () => {
    await kvPut(vault, 'secret', 'listing/a', { x: 1 });
    expect((await root(vault, 'GET', 'secret/metadata/listing?list=1')).body.data.keys).toEqual(['a']);
    expect((await root(vault, 'GET', 'secret/metadata/listing/a?list=false')).body.data.current_version).toBe(1);
    expect(await root(vault, 'GET', 'secret/metadata/listing?list=yes')).toMatchObject({ status: 400, body: { errors: [] } });
  });

  it('sys/health parses standbyok with ParseBool and rejects a non-numeric code with a bare 400', async () => {
    vault.setHealth({ standby: true });
    try {
      expect((await call(vault, 'GET', 'sys/health?standbyok=true')).status).toBe(200);
      expect((await call(vault, 'GET', 'sys/health?standbyok=0')).status).toBe(429);
      expect((await call(vault, 'GET', 'sys/health?standbyok=1&activecode=204')).status).toBe(204);
      const bare = await call(vault, 'GET', 'sys/health?standbyok');
      expect(bare.status).toBe(400);
      expect(bare.body.errors[0]).toContain('bad value for standbyok parameter');
      expect(await call(vault, 'GET', 'sys/health?standbycode=abc')).toMatchObject({ status: 400, body: { errors: [] } });
    } finally {
      vault.setHealth({ standby: false });
    }
  });

  it('response wrapping: a bad X-Vault-Wrap-TTL fails before the write happens; the wrapped answer has no request_id', async () => {
    const bad = await root(vault, 'POST', 'secret/data/wrapped-write', { headers: { 'X-Vault-Wrap-TTL': 'soon' }, body: { data: { a: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatch(/^error parsing X-Vault-Wrap-TTL header: /);
    expect((await root(vault, 'GET', 'secret/data/wrapped-write')).status).toBe(404);

    await kvPut(vault, 'secret', 'wrapped', { a: '1' });
    const wrapped = await root(vault, 'GET', 'secret/data/wrapped', { headers: { 'X-Vault-Wrap-TTL': '60' } });
    expect(wrapped.body).toMatchObject({ request_id: '', data: null, auth: null, wrap_info: { ttl: 60, creation_path: 'secret/data/wrapped' } });
    // No accessor to report for a KV read: Vault omits the field (omitempty).
    expect(wrapped.body.wrap_info).not.toHaveProperty('wrapped_accessor');
    const unwrapped = await call(vault, 'POST', 'sys/wrapping/unwrap', { token: wrapped.body.wrap_info.token });
    expect(unwrapped.body.data.data).toEqual({ a: '1' });

    const { roleId } = await createAppRole(vault, { role: 'wrapper', policies: ['default'] });
    expect(roleId).toBeTruthy();
    // Vault 1.8 names a wrapped token's accessor only for a wrapped login, not for a secret_id (recorded).
    const secret = await root(vault, 'POST', 'auth/approle/role/wrapper/secret-id', { headers: { 'X-Vault-Wrap-TTL': '1m' } });
    expect(secret.body.wrap_info).not.toHaveProperty('wrapped_accessor');
    // A TTL of 0 means "do not wrap".
    expect((await root(vault, 'GET', 'secret/data/wrapped', { headers: { 'X-Vault-Wrap-TTL': '0' } })).body.data.data).toEqual({ a: '1' });
  });

  it('KV v2 CAS: a present cas is weakly decoded (null is 0, "1" is 1), garbage is its own error', async () => {
    expect((await root(vault, 'POST', 'secret/data/cas-null', { body: { data: { a: 1 }, options: { cas: null } } })).status).toBe(200);
    expect(await root(vault, 'POST', 'secret/data/cas-null', { body: { data: { a: 2 }, options: { cas: null } } })).toMatchObject({
      status: 400,
      body: { errors: ['check-and-set parameter did not match the current version'] },
    });
    expect((await root(vault, 'POST', 'secret/data/cas-null', { body: { data: { a: 2 }, options: { cas: '1' } } })).body.data.version).toBe(2);
    expect(await root(vault, 'POST', 'secret/data/cas-null', { body: { data: { a: 3 }, options: { cas: 'two' } } })).toMatchObject({
      status: 400,
      body: { errors: ['error parsing check-and-set parameter'] },
    });
  });

  it('timestamps print like Go RFC3339Nano and do not change between two reads of the same instant', async () => {
    const token = (await root(vault, 'POST', 'auth/token/create', { body: { policies: ['default'], ttl: '1h' } })).body.auth.client_token;
    const first = (await call(vault, 'GET', 'auth/token/lookup-self', { token })).body.data;
    const second = (await call(vault, 'GET', 'auth/token/lookup-self', { token })).body.data;
    expect(second.issue_time).toBe(first.issue_time);
    expect(second.expire_time).toBe(first.expire_time);
    for (const t of [first.issue_time, first.expire_time]) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
  });

  it('transit decrypt errors carry keysutil texts', async () => {
    const enc = (await root(vault, 'POST', 'transit-test/encrypt/k', { body: { plaintext: 'aGk=' } })).status;
    expect(enc).toBe(404); // not mounted yet
    expect((await root(vault, 'POST', 'sys/mounts/transit-test', { body: { type: 'transit' } })).status).toBe(204);
    const ct = (await root(vault, 'POST', 'transit-test/encrypt/k', { body: { plaintext: 'aGk=' } })).body.data.ciphertext as string;
    const err = async (ciphertext: string) => (await root(vault, 'POST', 'transit-test/decrypt/k', { body: { ciphertext } })).body.errors?.[0];
    expect(await err('nope')).toBe('invalid ciphertext: no prefix');
    expect(await err('vault:v1')).toBe('invalid ciphertext: wrong number of fields');
    expect(await err('vault:vX:abc')).toBe('invalid ciphertext: version number could not be decoded');
    expect(await err(ct.replace('vault:v1:', 'vault:v9:'))).toBe('invalid ciphertext: version is too new');
    expect(await err('vault:v1:***')).toBe('invalid ciphertext: could not decode base64');
    expect(await err('')).toBe('missing ciphertext to decrypt');
    expect((await root(vault, 'POST', 'transit-test/decrypt/k', { body: { ciphertext: ct.replace('vault:v1:', 'vault:v0:') } })).body.data.plaintext).toBe('aGk=');
  });

  it('sys/capabilities-accessor names a token by its accessor; an unknown accessor is the wrapped "invalid accessor"', async () => {
    const created = await root(vault, 'POST', 'auth/token/create', { body: { policies: ['default'] } });
    const res = await root(vault, 'POST', 'sys/capabilities-accessor', { body: { accessor: created.body.auth.accessor, paths: ['cubbyhole/x', 'secret/data/x'] } });
    expect(res.body).toMatchObject({ 'cubbyhole/x': ['create', 'delete', 'list', 'read', 'update'], 'secret/data/x': ['deny'] });
    expect(res.body.data['secret/data/x']).toEqual(['deny']);
    expect(await root(vault, 'POST', 'sys/capabilities-accessor', { body: { accessor: 'nope', paths: ['x'] } })).toMatchObject({
      status: 400,
      body: { errors: ['1 error occurred:\n\t* invalid accessor\n\n'] },
    });
  });
});

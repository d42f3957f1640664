import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createNamespace, createToken, enableKv, kvPut, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

describe('namespaces (Enterprise semantics)', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await createNamespace(vault, 'ns1');
    await createNamespace(vault, 'ns2');
    await createNamespace(vault, 'ns1/child');
  });
  afterAll(() => vault.stop());

  it('starts a namespace with only cubbyhole/, identity/, sys/ and token auth', async () => {
    const mounts = await root(vault, 'GET', 'sys/mounts', { namespace: 'ns1' });
    expect(Object.keys(mounts.body.data).sort()).toEqual(['cubbyhole/', 'identity/', 'sys/']);
    const auths = await root(vault, 'GET', 'sys/auth', { namespace: 'ns1' });
    expect(Object.keys(auths.body.data)).toEqual(['token/']);
  });

  it('lists and reads namespaces', async () => {
    const list = await root(vault, 'LIST', 'sys/namespaces');
    expect(list.body.data.keys).toEqual(['ns1/', 'ns2/']);
    expect((await root(vault, 'GET', 'sys/namespaces/ns1')).body.data.path).toBe('ns1/');
    expect((await root(vault, 'LIST', 'sys/namespaces', { namespace: 'ns1' })).body.data.keys).toEqual(['child/']);
  });

  it('keeps secrets apart; the header and a path prefix select the same namespace', async () => {
    await enableKv(vault, 'kv', 2, 'ns1');
    await enableKv(vault, 'kv', 2, 'ns2');
    await kvPut(vault, 'kv', 'app', { who: 'ns1' }, 'ns1');
    await kvPut(vault, 'kv', 'app', { who: 'ns2' }, 'ns2');
    expect((await root(vault, 'GET', 'kv/data/app', { namespace: 'ns1' })).body.data.data).toEqual({ who: 'ns1' });
    expect((await root(vault, 'GET', 'ns2/kv/data/app')).body.data.data).toEqual({ who: 'ns2' });
    expect((await root(vault, 'GET', 'kv/data/app')).status).toBe(404);
    expect(vault.count({ method: 'GET', path: 'kv/data/app', namespace: 'ns2' })).toBe(1);
  });

  it('refuses a token from one namespace in another, and lets it work in its children', async () => {
    await writePolicy(vault, 'reader', 'path "kv/data/*" { capabilities = ["read"] }', 'ns1');
    await writePolicy(vault, 'child-reader', 'path "child/kv/data/*" { capabilities = ["read"] }', 'ns1');
    const token = await createToken(vault, { policies: ['reader', 'child-reader'], namespace: 'ns1' });
    expect((await call(vault, 'GET', 'kv/data/app', { token, namespace: 'ns1' })).status).toBe(200);
    expect(await call(vault, 'GET', 'kv/data/app', { token, namespace: 'ns2' })).toMatchObject({ status: 403, body: { errors: ['permission denied'] } });
    expect((await call(vault, 'GET', 'secret/data/x', { token })).status).toBe(403);
    await enableKv(vault, 'kv', 2, 'ns1/child');
    await kvPut(vault, 'kv', 'deep', { d: 1 }, 'ns1/child');
    expect((await call(vault, 'GET', 'kv/data/deep', { token, namespace: 'ns1/child' })).status).toBe(200);
    expect((await call(vault, 'GET', 'child/kv/data/deep', { token, namespace: 'ns1' })).status).toBe(200);
  });

  it('keeps policies per namespace', async () => {
    await writePolicy(vault, 'only-here', 'path "kv/*" { capabilities = ["read"] }', 'ns2');
    expect((await root(vault, 'GET', 'sys/policies/acl/only-here', { namespace: 'ns2' })).status).toBe(200);
    expect((await root(vault, 'GET', 'sys/policies/acl/only-here', { namespace: 'ns1' })).status).toBe(404);
    expect((await root(vault, 'GET', 'sys/policies/acl/only-here')).status).toBe(404);
  });

  it('logs in inside a namespace with that namespace\'s auth mounts', async () => {
    await root(vault, 'POST', 'sys/auth/approle', { namespace: 'ns2', body: { type: 'approle' } });
    expect((await root(vault, 'GET', 'sys/auth')).body.data['approle/']).toBeUndefined();
    await root(vault, 'POST', 'auth/approle/role/r', { namespace: 'ns2', body: { token_policies: ['only-here'] } });
    const roleId = (await root(vault, 'GET', 'auth/approle/role/r/role-id', { namespace: 'ns2' })).body.data.role_id;
    const secretId = (await root(vault, 'POST', 'auth/approle/role/r/secret-id', { namespace: 'ns2' })).body.data.secret_id;
    const login = await call(vault, 'POST', 'auth/approle/login', { namespace: 'ns2', body: { role_id: roleId, secret_id: secretId } });
    const token = login.body.auth.client_token;
    expect((await call(vault, 'GET', 'kv/data/app', { token, namespace: 'ns2' })).body.data.data).toEqual({ who: 'ns2' });
    // No approle mount in the root namespace: the path is not a login path there.
    expect((await call(vault, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId } })).body).toEqual({ errors: ['missing client token'] });
  });

  it('deleting a namespace revokes its tokens and refuses while it has children', async () => {
    expect((await root(vault, 'DELETE', 'sys/namespaces/ns1')).status).toBe(400);
    await createNamespace(vault, 'tmp');
    const token = await createToken(vault, { policies: ['default'], namespace: 'tmp' });
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token, namespace: 'tmp' })).status).toBe(200);
    expect((await root(vault, 'DELETE', 'sys/namespaces/tmp')).status).toBe(204);
    await createNamespace(vault, 'tmp');
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token, namespace: 'tmp' })).status).toBe(403);
  });
});

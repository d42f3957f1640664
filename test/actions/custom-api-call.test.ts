import { customApiCall } from '../../src/lib/actions/custom-api-call';
import { clientFor } from '../../src/lib/common/client';
import { createAppRole, createNamespace, createToken as createVaultToken, enableKv, kvPut, rootAuth, startVault, type VaultDevServer, writePolicy } from '../helpers/vault-setup';
import { runAction, wrapAuth } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv2', 2);
  await createNamespace(vault, 'ns1');
  await enableKv(vault, 'kv2', 2, 'ns1');
  await kvPut(vault, 'kv2', 'app/db', { user: 'u1' });
  await kvPut(vault, 'kv2', 'app/db', { user: 'u2' });
  await kvPut(vault, 'kv2', 'in-ns', { n: '1' }, 'ns1');
});
afterAll(async () => {
  await vault?.stop();
});

describe('custom_api_call', () => {
  it('GETs any path with a query, with or without a /v1/ prefix', async () => {
    const latest = await runAction(customApiCall, rootAuth(vault), { method: 'GET', path: '/v1/kv2/data/app/db' });
    expect(latest.status).toBe(200);
    expect(latest.body.data.data).toEqual({ user: 'u2' });
    const v1 = await runAction(customApiCall, rootAuth(vault), { method: 'GET', path: 'kv2/data/app/db', query: { version: 1 } });
    expect(v1.body.data.data).toEqual({ user: 'u1' });
  });

  it('LISTs', async () => {
    const out = await runAction(customApiCall, rootAuth(vault), { method: 'LIST', path: 'kv2/metadata/app' });
    expect(out.body.data.keys).toEqual(['db']);
  });

  it('POSTs a JSON body (object or text) and DELETEs', async () => {
    const written = await runAction(customApiCall, rootAuth(vault), {
      method: 'POST',
      path: 'kv2/data/raw',
      body: { data: { k: 'v' } },
    });
    expect(written.status).toBe(200);
    expect(written.body.data.version).toBe(1);
    await runAction(customApiCall, rootAuth(vault), { method: 'post', path: 'kv2/data/raw', body: '{"data": {"k": "v2"}}' });
    const read = await runAction(customApiCall, rootAuth(vault), { method: 'GET', path: 'kv2/data/raw' });
    expect(read.body.data.data).toEqual({ k: 'v2' });

    const deleted = await runAction(customApiCall, rootAuth(vault), { method: 'DELETE', path: 'kv2/metadata/raw' });
    expect(deleted.status).toBeLessThan(300);
    await runFailing(customApiCall, rootAuth(vault), { method: 'GET', path: 'kv2/data/raw' });
  });

  it('uses the connection namespace', async () => {
    const out = await runAction(customApiCall, rootAuth(vault, { namespace: 'ns1' }), { method: 'GET', path: 'kv2/data/in-ns' });
    expect(out.body.data.data).toEqual({ n: '1' });
    expect(vault.count({ path: 'kv2/data/in-ns', namespace: 'ns1' })).toBeGreaterThanOrEqual(1);
  });

  it('fails with Vault\'s status and the path on an error', async () => {
    const err = await runFailing(customApiCall, rootAuth(vault), { method: 'GET', path: 'kv2/data/missing' });
    expect(err.message).toContain('kv2/data/missing');
  });

  it('validates method, path and body', async () => {
    await expect(runAction(customApiCall, rootAuth(vault), { method: 'TRACE', path: 'sys/health' })).rejects.toThrow(/"method"/);
    // no method is no guess: any endpoint may be behind the path
    await expect(runAction(customApiCall, rootAuth(vault), { path: 'sys/health' })).rejects.toThrow(/"method": Method must be one of GET, POST/);
    expect(await runAction(customApiCall, rootAuth(vault), { method: ' get ', path: 'sys/health' })).toMatchObject({ status: 200 });
    await expect(runAction(customApiCall, rootAuth(vault), { method: 'GET', path: 'kv2/../sys/x' })).rejects.toThrow(/"path"/);
    await expect(runAction(customApiCall, rootAuth(vault), { method: 'GET', path: 'sys/health?x=1' })).rejects.toThrow(/"path"/);
    const err = await runFailing(customApiCall, rootAuth(vault), { method: 'POST', path: 'kv2/data/x', body: '{"password": "hunter2"' });
    expect(err.message).toMatch(/"body"/);
    expect(err.message).not.toContain('hunter2');
  });

  it('explains a KV v1-style API path on a v2 mount, keeping Vault\'s warning', async () => {
    const err = await runFailing(customApiCall, rootAuth(vault), { method: 'GET', path: 'secret/app/db' });
    expect(err.message).toContain('KV v2 mount but uses the KV v1 layout');
    expect(err.message).toContain('Invalid path for a versioned K/V secrets engine');
    expect(err.message).toContain('GET /v1/secret/app/db');
    expect(err.message).toContain('secret/data/app/db');
  });
});

describe('custom_api_call and the connection\'s own credentials', () => {
  it('never outputs the connection\'s token, even where Vault echoes it (lookup-self on an AppRole connection)', async () => {
    await writePolicy(vault, 'kv2-read', 'path "kv2/*" { capabilities = ["read", "list"] }');
    const { roleId, secretId } = await createAppRole(vault, { role: 'reader', policies: ['kv2-read'] });
    const auth = { url: vault.url, authMethod: 'appRole', roleId, secretId, cacheTtlSeconds: 0 };
    const out = await runAction(customApiCall, auth, { method: 'GET', path: 'auth/token/lookup-self' });
    const token = (await clientFor(wrapAuth(auth)).token()).clientToken;
    expect(out.status).toBe(200);
    expect(out.body.data.id).toBe('[redacted]');
    expect(out.body.data.policies).toContain('kv2-read');
    const text = JSON.stringify(out);
    expect(text).not.toContain(token);
    expect(text).not.toContain(secretId);
  });

  it('never outputs the token of a token connection, and keeps other tokens an endpoint returns', async () => {
    const own = await createVaultToken(vault, { policies: ['root'], ttl: '1h' });
    const auth = { url: vault.url, authMethod: 'token', token: own, cacheTtlSeconds: 0 };
    const self = await runAction(customApiCall, auth, { method: 'GET', path: 'auth/token/lookup-self' });
    expect(JSON.stringify(self)).not.toContain(own);
    const created = await runAction(customApiCall, auth, { method: 'POST', path: 'auth/token/create', body: { policies: ['default'], ttl: '1h' } });
    expect(created.body.auth.client_token).toMatch(/^(s|hvs)\./);
    expect(created.body.auth.client_token).not.toBe(own);
  });
});

describe('custom_api_call on a connection with a path prefix', () => {
  beforeAll(async () => {
    await enableKv(vault, 'kv1', 1);
    await kvPut(vault, 'kv1', 'team-a/x', { v: 'in-prefix' });
    // A KV v1 secret in a folder named "data": outside the prefix kv1/team-a/.
    await kvPut(vault, 'kv1', 'data/team-a/x', { v: 'outside-prefix' });
    await kvPut(vault, 'kv2', 'team-a/x', { v: 'v2-in-prefix' });
  });

  it('refuses a KV v1 path that only looks inside the prefix once "data" is taken out', async () => {
    const auth = rootAuth(vault, { pathPrefix: 'kv1/team-a/' });
    expect((await runAction(customApiCall, auth, { method: 'GET', path: 'kv1/team-a/x' })).body.data).toEqual({ v: 'in-prefix' });
    vault.clearRequests();
    const err = await runFailing(customApiCall, auth, { method: 'GET', path: 'kv1/data/team-a/x' });
    expect(err.message).toMatch(/outside this connection's path prefix/);
    expect(err.message).not.toContain('outside-prefix');
    expect(vault.count({ path: 'kv1/data/team-a/x' })).toBe(0);
  });

  it('still lets KV v2 API paths of secrets inside the prefix through', async () => {
    const auth = rootAuth(vault, { pathPrefix: 'kv2/team-a/' });
    expect((await runAction(customApiCall, auth, { method: 'GET', path: 'kv2/data/team-a/x' })).body.data.data).toEqual({ v: 'v2-in-prefix' });
    expect((await runAction(customApiCall, auth, { method: 'GET', path: 'kv2/metadata/team-a/x' })).body.data.current_version).toBe(1);
    await runFailing(customApiCall, auth, { method: 'GET', path: 'kv2/data/app/db' });
    // "data" deeper than right after the mount names another path on a KV v2 mount too.
    const err = await runFailing(customApiCall, rootAuth(vault, { pathPrefix: 'kv2/team-a/x/' }), { method: 'GET', path: 'kv2/team-a/data/x/y' });
    expect(err.message).toMatch(/outside this connection's path prefix/);
  });
});

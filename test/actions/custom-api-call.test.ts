import { customApiCall } from '../../src/lib/actions/custom-api-call';
import { createNamespace, enableKv, kvPut } from '../helpers/vault-setup';
import { rootAuth, runAction, runFailing, startVault, type DevVault } from './support';

let vault: DevVault;

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
    await expect(runAction(customApiCall, rootAuth(vault), { method: 'GET', path: 'kv2/../sys/x' })).rejects.toThrow(/"path"/);
    await expect(runAction(customApiCall, rootAuth(vault), { method: 'GET', path: 'sys/health?x=1' })).rejects.toThrow(/"path"/);
    const err = await runFailing(customApiCall, rootAuth(vault), { method: 'POST', path: 'kv2/data/x', body: '{"password": "hunter2"' });
    expect(err.message).toMatch(/"body"/);
    expect(err.message).not.toContain('hunter2');
  });
});

/**
 * Issue 4: when mount discovery is refused the piece falls back (connection setting, else probe v2
 * then v1) and says which KV version it used; a KV v1-style API path on a v2 mount is explained.
 */
import { customApiCall } from '../../src/lib/actions/custom-api-call';
import { getSecret } from '../../src/lib/actions/get-secret';
import { readSecret } from '../../src/lib/actions/read-secret';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { createToken, enableKv, kvPut, writePolicy } from '../helpers/vault-setup';
import { runAction, runFailing, startVault, tokenAuth, type DevVault } from '../actions/support';

let vault: DevVault;
const UI_MOUNTS = /sys\/internal\/ui\/mounts/;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv1', 1);
  await kvPut(vault, 'secret', 'app/db', { password: 'pw-v2' });
  await kvPut(vault, 'kv1', 'app/db', { password: 'pw-v1' });
  await writePolicy(vault, 'everything', 'path "*" {\n  capabilities = ["create", "read", "update", "delete", "list"]\n}\n');
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});
beforeEach(() => vault.clearFaults());

/** A connection of its own (own token), so no discovery result is shared between tests. */
async function freshAuth(extra: Record<string, unknown> = {}) {
  return tokenAuth(vault, await createToken(vault, { policies: ['everything'] }), extra);
}

const refuseDiscovery = () => vault.inject({ path: UI_MOUNTS, status: 403, body: { errors: ['permission denied'] }, times: 50 });

it('says the version came from Vault when discovery works', async () => {
  const out = await runAction(getSecret, await freshAuth(), { path: 'secret/app/db' });
  expect(out.kv).toEqual({ mount: 'secret/', version: 2, versionFrom: 'ui-mounts' });
});

it('says the connection setting was used when discovery is refused', async () => {
  refuseDiscovery();
  const auth = await freshAuth({ kvVersion: '2' });
  const out = await runAction(getSecret, auth, { path: 'secret/app/db' });
  expect(out.data).toEqual({ password: 'pw-v2' });
  expect(out.kv).toEqual({ mount: 'secret/', version: 2, versionFrom: 'connection-setting' });
  const ref = await runAction(readSecret, auth, { reference: 'secret/data/app/db/password' });
  expect(ref).toMatchObject({ value: 'pw-v2', kv: { version: 2, versionFrom: 'connection-setting' } });
});

it('says the version was probed (v2 layout, then v1) when discovery is refused and nothing is set', async () => {
  refuseDiscovery();
  const auth = await freshAuth();
  const v2 = await runAction(readSecret, auth, { reference: 'secret/data/app/db/password' });
  expect(v2).toMatchObject({ value: 'pw-v2', kv: { mount: 'secret/', version: 2, versionFrom: 'probe' } });
  const v1 = await runAction(getSecret, auth, { path: 'kv1/app/db' });
  expect(v1).toMatchObject({ data: { password: 'pw-v1' }, metadata: null, kv: { mount: 'kv1/', version: 1, versionFrom: 'probe' } });
});

it('read_secret names the version without another discovery request', async () => {
  const auth = await freshAuth();
  vault.clearRequests();
  await runAction(readSecret, auth, { reference: 'kv1/app/db/password' });
  await runAction(readSecret, auth, { reference: 'kv1/app/db/password' });
  expect(vault.count({ path: UI_MOUNTS })).toBe(1);
});

it('explains a KV v1-style API path on a v2 mount in custom_api_call, keeping Vault\'s warning', async () => {
  const err = await runFailing(customApiCall, await freshAuth(), { method: 'GET', path: 'secret/app/db' });
  expect(err.message).toContain('KV v2 mount but uses the KV v1 layout');
  expect(err.message).toContain('Invalid path for a versioned K/V secrets engine');
  expect(err.message).toContain('GET /v1/secret/app/db');
  expect(err.message).toContain('secret/data/app/db');
});

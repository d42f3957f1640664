import { clearCache } from '../../src/lib/actions/clear-cache';
import { createTemporaryUser } from '../../src/lib/actions/create-temporary-user';
import { createToken } from '../../src/lib/actions/create-token';
import { customApiCall } from '../../src/lib/actions/custom-api-call';
import { deletePolicy } from '../../src/lib/actions/delete-policy';
import { deleteSecret } from '../../src/lib/actions/delete-secret';
import { deleteUser } from '../../src/lib/actions/delete-user';
import { getSecret } from '../../src/lib/actions/get-secret';
import { getSecretMetadata } from '../../src/lib/actions/get-secret-metadata';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { listTransitKeysAction } from '../../src/lib/actions/list-transit-keys';
import { lookupToken } from '../../src/lib/actions/lookup-token';
import { readPolicy } from '../../src/lib/actions/read-policy';
import { readSecret } from '../../src/lib/actions/read-secret';
import { revokeToken } from '../../src/lib/actions/revoke-token';
import { transitDecrypt } from '../../src/lib/actions/transit-decrypt';
import { transitEncrypt } from '../../src/lib/actions/transit-encrypt';
import { writePolicy } from '../../src/lib/actions/write-policy';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { enableKv, kvPut, rootAuth, rootRequest, startVault, type VaultDevServer, vaultRequest } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv2', 2);
  await kvPut(vault, 'kv2', 'app/db', { password: 'db-pass-1' });
  await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'transit/keys/k', {});
});
afterAll(async () => {
  await vault?.stop();
});

type Step = [string, Parameters<typeof runAction>[0], Record<string, unknown>];

const writingSteps: Step[] = [
  ['write_secret', writeSecret, { path: 'kv2/app/db', data: { password: 'x' } }],
  ['write_secret replace', writeSecret, { path: 'kv2/app/db', data: { password: 'x' }, mode: 'replace' }],
  ['delete_secret soft', deleteSecret, { path: 'kv2/app/db' }],
  ['delete_secret undelete', deleteSecret, { path: 'kv2/app/db', mode: 'undelete', versions: [1] }],
  ['delete_secret destroy', deleteSecret, { path: 'kv2/app/db', mode: 'destroy', versions: [1] }],
  ['delete_secret purge', deleteSecret, { path: 'kv2/app/db', mode: 'purge' }],
  ['create_token', createToken, { policies: ['default'], ttl: '1h' }],
  ['revoke_token', revokeToken, { accessor: 'some-accessor' }],
  ['create_temporary_user', createTemporaryUser, { username: 'u', password: 'p-123456', policies: [] }],
  ['delete_user', deleteUser, { username: 'u' }],
  ['write_policy', writePolicy, { name: 'p', policy: 'path "x" { capabilities = ["read"] }' }],
  ['delete_policy', deletePolicy, { name: 'p' }],
  ['custom_api_call POST', customApiCall, { method: 'POST', path: 'kv2/data/app/db', body: { data: { a: 1 } } }],
  ['custom_api_call PUT', customApiCall, { method: 'PUT', path: 'sys/policies/acl/p', body: { policy: '' } }],
  ['custom_api_call PATCH', customApiCall, { method: 'PATCH', path: 'kv2/data/app/db', body: { data: { a: 1 } } }],
  ['custom_api_call DELETE', customApiCall, { method: 'DELETE', path: 'kv2/metadata/app/db' }],
];

describe('a read-only connection', () => {
  const auth = () => rootAuth(vault, { accessMode: 'read_only' });

  beforeAll(async () => {
    // warm up: the client has its token and knows the mount
    expect((await runAction(getSecret, auth(), { path: 'kv2/app/db' })).data).toEqual({ password: 'db-pass-1' });
  });

  it.each(writingSteps)('refuses %s before sending any request', async (_name, action, props) => {
    vault.clearRequests();
    const err = await runFailing(action, auth(), props);
    expect(err.message).toMatch(/read-only/i);
    expect(vault.requests).toEqual([]);
  });

  it('still reads, lists and clears its cache', async () => {
    expect((await runAction(readSecret, auth(), { reference: 'kv2/data/app/db/password' })).value).toBe('db-pass-1');
    expect((await runAction(listSecrets, auth(), { path: 'kv2/app/' })).keys).toEqual(['db']);
    expect((await runAction(getSecretMetadata, auth(), { path: 'kv2/app/db' })).current_version).toBe(1);
    expect((await runAction(listTransitKeysAction, auth(), {})).keys).toEqual(['k']);
    await runAction(clearCache, auth(), {});
  });

  // Transit encrypt/decrypt and token lookup are POSTs in Vault's API that change nothing:
  // a read-only connection allows them (they are sent), and a write-only one refuses them.
  it('encrypts, decrypts and looks up tokens (POSTs that change nothing)', async () => {
    const { ciphertext } = await runAction(transitEncrypt, auth(), { key: 'k', plaintext: 'héllo ✓' });
    expect(ciphertext).toMatch(/^vault:v1:/);
    expect((await runAction(transitDecrypt, auth(), { key: 'k', ciphertext })).plaintext).toBe('héllo ✓');
    const created = await vaultRequest(vault, 'POST', 'auth/token/create', { token: vault.rootToken, body: { policies: ['default'], ttl: '1h' } });
    const info = await runAction(lookupToken, auth(), { accessor: created.body.auth.accessor });
    expect(info.policies).toEqual(['default']);
  });

  it('left the secret untouched', async () => {
    const read = await runAction(getSecret, rootAuth(vault), { path: 'kv2/app/db' });
    expect(read.data).toEqual({ password: 'db-pass-1' });
    expect(read.metadata.version).toBe(1);
  });
});

describe('a write-only connection', () => {
  const auth = () => rootAuth(vault, { accessMode: 'write_only' });

  it.each([
    ['get_secret', getSecret, { path: 'kv2/app/db' }],
    ['read_secret', readSecret, { reference: 'kv2/data/app/db/password' }],
    ['list_secrets', listSecrets, { path: 'kv2/app/' }],
    ['get_secret_metadata', getSecretMetadata, { path: 'kv2/app/db' }],
    ['read_policy', readPolicy, { name: 'default' }],
    ['transit_decrypt', transitDecrypt, { key: 'k', ciphertext: 'vault:v1:abc' }],
    ['lookup_token', lookupToken, { accessor: 'a' }],
    ['list_transit_keys', listTransitKeysAction, {}],
  ] as Step[])('refuses %s before sending any request', async (_name, action, props) => {
    vault.clearRequests();
    const err = await runFailing(action, auth(), props);
    expect(err.message).toMatch(/write-only/i);
    expect(err.message).not.toContain('db-pass-1');
    expect(vault.requests).toEqual([]);
  });

  it('writes', async () => {
    const meta = await runAction(writeSecret, auth(), { path: 'kv2/from-writer', data: { a: '1' }, mode: 'replace' });
    expect(meta.version).toBe(1);
  });
});

describe('what an endpoint does decides, not its HTTP method', () => {
  it.each([
    ['read_only', 'custom_api_call GET database/creds/<role> (mints credentials)', customApiCall, { method: 'GET', path: 'database/creds/readonly' }],
    ['write_only', 'custom_api_call POST transit/decrypt/<key> (reveals plaintext)', customApiCall, { method: 'POST', path: 'transit/decrypt/k', body: { ciphertext: 'vault:v1:abc' } }],
    ['write_only', 'custom_api_call PUT sys/leases/lookup', customApiCall, { method: 'PUT', path: 'sys/leases/lookup', body: { lease_id: 'x' } }],
    ['write_only', 'custom_api_call POST auth/token/lookup', customApiCall, { method: 'POST', path: 'auth/token/lookup', body: { token: 'x' } }],
    ['write_only', 'create_token (its token could read what the connection may not)', createToken, { policies: ['default'], ttl: '1h' }],
    ['write_only', 'create_temporary_user (a login with a password the flow chose)', createTemporaryUser, { username: 'u', password: 'p-123456', policies: [] }],
  ] as Array<[string, string, Step[1], Record<string, unknown>]>)('a %s connection refuses %s before any request', async (accessMode, _what, action, props) => {
    vault.clearRequests();
    const err = await runFailing(action, rootAuth(vault, { accessMode }), props);
    expect((err as any).kind).toBe('access_denied_by_connection');
    expect(err.message).toMatch(/read-and-write/);
    expect(vault.requests).toEqual([]);
  });

  it('a write-only connection encrypts (reveals nothing, changes nothing)', async () => {
    const { ciphertext } = await runAction(transitEncrypt, rootAuth(vault, { accessMode: 'write_only' }), { key: 'k', plaintext: 'to the vault' });
    expect(ciphertext).toMatch(/^vault:v1:/);
  });
});

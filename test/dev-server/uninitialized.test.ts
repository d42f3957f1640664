/**
 * `uninitialized: true` starts the dev server like `vault server -config` with in-memory storage:
 * not initialised, then sealed until enough key shares are given, then a root token and nothing
 * mounted. Texts and codes as in Vault's http/sys_init.go, http/sys_seal.go and SealConfig.Validate.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { call } from './call';

describe('a dev server started uninitialised', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ uninitialized: true });
  });
  afterAll(() => vault.stop());

  it('reports 501 on sys/health and an unknown seal configuration, and has no root token yet', async () => {
    const health = await call(vault, 'GET', 'sys/health');
    expect(health.status).toBe(501);
    expect(health.body).toMatchObject({ initialized: false, sealed: true, standby: true, replication_dr_mode: 'unknown' });
    expect(health.body).not.toHaveProperty('cluster_id');
    expect((await call(vault, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: false, sealed: true, t: 0, n: 0, progress: 0, version: '1.8.0-dev' });
    expect((await call(vault, 'GET', 'sys/init')).body).toEqual({ initialized: false });
    expect(vault.rootToken).toBe('');
    expect(await call(vault, 'GET', 'sys/mounts', { token: 'anything' })).toMatchObject({ status: 503, body: { errors: ['error performing token check: Vault is sealed'] } });
  });

  it('refuses a bad key configuration with the reason', async () => {
    const init = (secret_shares: number, secret_threshold: number) => call(vault, 'PUT', 'sys/init', { body: { secret_shares, secret_threshold } });
    expect((await init(3, 1)).body).toEqual({ errors: ['invalid seal configuration: threshold must be greater than one for multiple shares'] });
    expect((await init(2, 3)).body).toEqual({ errors: ['invalid seal configuration: threshold cannot be larger than shares'] });
    expect((await init(0, 0)).body).toEqual({ errors: ['invalid seal configuration: shares must be at least one'] });
    expect((await init(256, 2)).status).toBe(400);
  });

  it('initialises, counts unseal progress with hex or base64 shares, then serves the root token with nothing mounted', async () => {
    const init = await call(vault, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2 } });
    expect(init.status).toBe(200);
    const { keys, keys_base64: keysBase64, root_token: rootToken } = init.body;
    expect(keys).toHaveLength(3);
    expect(keysBase64).toHaveLength(3);
    expect(Buffer.from(keys[1], 'hex').equals(Buffer.from(keysBase64[1], 'base64'))).toBe(true);
    expect(vault.rootToken).toBe(rootToken);
    expect((await call(vault, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } })).body).toEqual({ errors: ['Vault is already initialized'] });

    expect((await call(vault, 'GET', 'sys/health')).status).toBe(503);
    expect((await call(vault, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: true, sealed: true, t: 2, n: 3, progress: 0, nonce: '' });
    expect((await call(vault, 'PUT', 'sys/unseal', { body: { key: 'not a key!' } })).body).toEqual({ errors: ["'key' must be a valid hex or base64 string"] });

    const first = await call(vault, 'PUT', 'sys/unseal', { body: { key: keys[0] } });
    expect(first.body).toMatchObject({ sealed: true, t: 2, n: 3, progress: 1 });
    expect(first.body.nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(vault, 'PUT', 'sys/unseal', { body: { key: keysBase64[0] } })).body).toEqual({
      errors: ['given key has already been provided during this generation operation'],
    });
    expect((await call(vault, 'PUT', 'sys/unseal', { body: { reset: true } })).body).toMatchObject({ progress: 0, nonce: '' });
    await call(vault, 'PUT', 'sys/unseal', { body: { key: keys[0] } });
    const done = await call(vault, 'PUT', 'sys/unseal', { body: { key: keysBase64[2] } });
    expect(done.body).toMatchObject({ sealed: false, progress: 0 });
    expect(done.body.cluster_id).toEqual(expect.any(String));

    expect((await call(vault, 'GET', 'sys/health')).status).toBe(200);
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token: rootToken })).body.data.policies).toEqual(['root']);
    const mounts = await call(vault, 'GET', 'sys/mounts', { token: rootToken });
    expect(Object.keys(mounts.body.data).sort()).toEqual(['cubbyhole/', 'identity/', 'sys/']);
    expect((await call(vault, 'GET', 'secret/data/x', { token: rootToken })).body).toEqual({ errors: ["no handler for route 'secret/data/x'"] });
    expect((await call(vault, 'POST', 'sys/mounts/secret', { token: rootToken, body: { type: 'kv-v2' } })).status).toBe(204);
    expect((await call(vault, 'POST', 'secret/data/x', { token: rootToken, body: { data: { a: '1' } } })).status).toBe(200);
  });

  it('fails a wrong share only once the threshold is reached, and starts over', async () => {
    expect((await call(vault, 'PUT', 'sys/seal', { token: vault.rootToken })).status).toBe(204);
    expect((await call(vault, 'PUT', 'sys/unseal', { body: { key: Buffer.alloc(33, 7).toString('base64') } })).body.progress).toBe(1);
    const wrong = await call(vault, 'PUT', 'sys/unseal', { body: { key: Buffer.alloc(33, 9).toString('hex') } });
    expect(wrong.status).toBe(500);
    expect((await call(vault, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0 });
    expect((await call(vault, 'PUT', 'sys/unseal', { body: { key: 'AAAA' } })).body).toEqual({ errors: ['key is shorter than minimum 16 bytes'] });
  });
});

describe('an uninitialised dev server over TLS', () => {
  it('answers sys/health 501 and initialises over HTTPS', async () => {
    const vault = await startVaultDevServer({ uninitialized: true, tls: true });
    try {
      expect(vault.url).toMatch(/^https:/);
      expect((await call(vault, 'GET', 'sys/health')).status).toBe(501);
      expect((await call(vault, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } })).status).toBe(200);
      expect((await call(vault, 'GET', 'sys/health')).status).toBe(503);
    } finally {
      await vault.stop();
    }
  });
});

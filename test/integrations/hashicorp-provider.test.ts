/**
 * The drop-in for the platform's HashiCorp secret-manager provider
 * (`integrations/activepieces-server/hashicorp-provider.ts`), run against the dev server through the
 * platform's own interface (reproduced in `test/platform/`): the platform's error codes and
 * messages, its SSRF rule, one login per config, no value cache of its own, revocation.
 */
import { inspect } from 'node:util';
import { ActivepiecesError, ErrorCode } from '@activepieces/shared';
import { hashicorpProvider, validatePathFormat } from '../../integrations/activepieces-server/hashicorp-provider';
import { recordingLogger } from '../platform/secret-manager-providers';
import { createAppRole, enableKv, kvPut, root, startVault, writePolicy, type VaultDevServer } from '../helpers/vault-setup';

const VALUE = 'sm-VALUE-8c7b6a';
let vault: VaultDevServer;
let config: { url: string; roleId: string; secretId: string };
const savedAllowList = process.env.AP_SSRF_ALLOW_LIST;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv1', 1);
  await kvPut(vault, 'secret', 'app/db', { password: VALUE, empty: '', port: 5432, enabled: false, nested: { a: 1 } });
  await kvPut(vault, 'kv1', 'app/api', { key: VALUE });
  await kvPut(vault, 'secret', 'other/x', { password: 'not-for-this-role' });
  // No sys/mounts grant (the stock provider needs one); read on the app's secrets only.
  await writePolicy(vault, 'sm-reader', 'path "secret/data/app/*" { capabilities = ["read"] }\npath "kv1/app/*" { capabilities = ["read"] }');
  const role = await createAppRole(vault, { role: 'secret-manager', policies: ['sm-reader'], tokenTtl: '1h' });
  config = { url: vault.url, ...role };
  process.env.AP_SSRF_ALLOW_LIST = '127.0.0.1';
});
afterEach(async () => {
  process.env.AP_SSRF_ALLOW_LIST = '127.0.0.1';
  await hashicorpProvider(recordingLogger()).disconnect();
});
afterAll(async () => {
  if (savedAllowList === undefined) delete process.env.AP_SSRF_ALLOW_LIST;
  else process.env.AP_SSRF_ALLOW_LIST = savedAllowList;
  await vault.stop();
});

/** The platform builds a new provider object for every call, with its request logger. */
const provider = (log = recordingLogger()) => hashicorpProvider(log);

async function failure(work: Promise<unknown>): Promise<ActivepiecesError> {
  try {
    await work;
  } catch (e) {
    expect(e).toBeInstanceOf(ActivepiecesError);
    return e as ActivepiecesError;
  }
  throw new Error('expected a failure');
}

function expectNoSecret(...things: unknown[]): void {
  for (const thing of things) {
    const text = `${inspect(thing, { depth: 10 })} ${JSON.stringify(thing)}`;
    expect(text).not.toContain(VALUE);
    expect(text).not.toContain(config.secretId);
  }
}

describe('getSecret', () => {
  it('reads KV v2 and KV v1 with mount/data/path/key and mount/path/key, as strings', async () => {
    expect(await provider().getSecret({ path: 'secret/data/app/db/password' }, config)).toBe(VALUE);
    expect(await provider().getSecret({ path: 'kv1/app/api/key' }, config)).toBe(VALUE);
  });

  it('returns an empty string, a number, a boolean and an object as the platform\'s string', async () => {
    expect(await provider().getSecret({ path: 'secret/data/app/db/empty' }, config)).toBe('');
    expect(await provider().getSecret({ path: 'secret/data/app/db/port' }, config)).toBe('5432');
    expect(await provider().getSecret({ path: 'secret/data/app/db/enabled' }, config)).toBe('false');
    expect(await provider().getSecret({ path: 'secret/data/app/db/nested' }, config)).toBe('{"a":1}');
  });

  it('logs in once for many resolutions, each through a new provider object', async () => {
    vault.clearRequests();
    for (let i = 0; i < 20; i++) await provider().getSecret({ path: 'secret/data/app/db/password' }, config);
    expect(vault.count({ path: /^auth\/approle\/login$/ })).toBe(1);
    expect(vault.count({ path: /^sys\/mounts/ })).toBe(0);
  });

  it('keeps no value cache: the platform\'s refresh is followed by the current value', async () => {
    await kvPut(vault, 'secret', 'app/rotating', { key: 'first' });
    expect(await provider().getSecret({ path: 'secret/data/app/rotating/key' }, config)).toBe('first');
    await kvPut(vault, 'secret', 'app/rotating', { key: 'second' });
    expect(await provider().getSecret({ path: 'secret/data/app/rotating/key' }, config)).toBe('second');
  });

  it('a denied path names the capability and the path, in the platform\'s error, without repeating the reference', async () => {
    const log = recordingLogger();
    const err = await failure(provider(log).getSecret({ path: 'secret/data/other/x/password' }, config));
    expect(err.error.code).toBe(ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED);
    const message = (err.error.params as { message: string }).message;
    expect(message.startsWith('[secret/data/other/x/password] ')).toBe(true);
    expect(message.split('secret/data/other/x/password').length).toBe(2);
    expect(message).toMatch(/read/);
    expect(message).toContain('secret/data/other/x');
    expectNoSecret(err, log.lines);
  });

  it('a missing key lists the keys there, never their values', async () => {
    const log = recordingLogger();
    const err = await failure(provider(log).getSecret({ path: 'secret/data/app/db/nope' }, config));
    const message = (err.error.params as { message: string }).message;
    expect(message).toContain('no key "nope"');
    expect(message).toContain('"password"');
    expectNoSecret(err, log.lines);
  });

  it.each(['secret/value', 'secret', '', 'secret/../sys/x/k', 'secret/data/app/db/'])('a malformed path %j is the platform\'s VALIDATION error, naming the form', async (path) => {
    vault.clearRequests();
    const err = await failure(provider().getSecret({ path }, config));
    expect(err.error.code).toBe(ErrorCode.VALIDATION);
    const message = (err.error.params as { message: string }).message;
    expect(message).toContain('mount/data/path/key');
    expect(message).not.toContain('{{');
    expect(vault.requests).toEqual([]);
    await expect(validatePathFormat(path)).rejects.toBeInstanceOf(ActivepiecesError);
  });

  it('accepts the documented form', async () => {
    await expect(validatePathFormat('secret/data/app/db/password')).resolves.toBeUndefined();
    await expect(validatePathFormat('kv1/app/api/key')).resolves.toBeUndefined();
  });
});

describe('the platform\'s SSRF rule', () => {
  it('refuses an address the platform blocks before any request, and says how to allow it', async () => {
    delete process.env.AP_SSRF_ALLOW_LIST;
    vault.clearRequests();
    const log = recordingLogger();
    const err = await failure(provider(log).connect(config));
    expect(err.error.code).toBe(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
    expect((err.error.params as { message: string }).message).toContain('AP_SSRF_ALLOW_LIST');
    expect(vault.requests).toEqual([]);
    const read = await failure(provider(log).getSecret({ path: 'secret/data/app/db/password' }, config));
    expect((read.error.params as { message: string }).message).toContain('AP_SSRF_ALLOW_LIST');
    expect(vault.requests).toEqual([]);
    expectNoSecret(err, read, log.lines);
  });

  it('contacts an allow-listed address', async () => {
    process.env.AP_SSRF_ALLOW_LIST = '10.0.0.0/8, 127.0.0.0/8';
    await expect(provider().connect(config)).resolves.toBeUndefined();
  });
});

describe('connection status, connect and disconnect', () => {
  it('checkConnection logs in once and then costs one request', async () => {
    vault.clearRequests();
    expect(await provider().checkConnection(config)).toBe(true);
    expect(vault.requests.length).toBe(2);
    vault.clearRequests();
    expect(await provider().checkConnection(config)).toBe(true);
    expect(vault.requests.length).toBe(1);
  });

  it('a wrong secret_id fails connect with the platform\'s error, saying what to fix, without the secret_id', async () => {
    const wrong = { ...config, secretId: 'wrong-secret-id-3f2e1d' };
    const log = recordingLogger();
    const err = await failure(provider(log).connect(wrong));
    expect(err.error.code).toBe(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
    const text = `${inspect(err, { depth: 10 })} ${JSON.stringify(log.lines)}`;
    expect(text).not.toContain('wrong-secret-id-3f2e1d');
    expect((err.error.params as { message: string }).message).toMatch(/secret_id|AppRole/i);
  });

  it('a missing url or role_id fails connect naming the field', async () => {
    const err = await failure(provider().connect({ ...config, url: '' }));
    expect(err.error.code).toBe(ErrorCode.SECRET_MANAGER_CONNECTION_FAILED);
    expect((err.error.params as { message: string }).message).toMatch(/address|url/i);
  });

  it('a 403 that a fresh login does not cure leaves one live token, not two', async () => {
    await provider().connect(config);
    const before = await root(vault, 'LIST', 'auth/token/accessors');
    vault.clearRequests();
    await failure(provider().getSecret({ path: 'secret/data/other/x/password' }, config));
    expect(vault.count({ path: /^auth\/approle\/login$/ })).toBe(1);
    expect(vault.count({ path: /^auth\/token\/revoke-self$/ })).toBe(1);
    const after = await root(vault, 'LIST', 'auth/token/accessors');
    expect(after.data.keys.length).toBe(before.data.keys.length);
  });

  it('disconnect revokes the token it logged in for', async () => {
    await provider().connect(config);
    const before = await root(vault, 'LIST', 'auth/token/accessors');
    vault.clearRequests();
    await provider().disconnect();
    expect(vault.count({ path: /^auth\/token\/revoke-self$/ })).toBe(1);
    const after = await root(vault, 'LIST', 'auth/token/accessors');
    expect(after.data.keys.length).toBe(before.data.keys.length - 1);
  });
});

/**
 * One-time hand-offs through the actions as the engine runs them, against the dev server: a KV
 * secret (v1 and v2, a given version) or any data behind a single-use wrapping token, looked up
 * without using it, unwrapped once; a used or expired token fails saying so and never echoes the
 * token; access modes refuse before any request.
 */
import { inspect } from 'node:util';
import { lookupWrappingToken } from '../../src/lib/actions/lookup-wrapping-token';
import { unwrap } from '../../src/lib/actions/unwrap';
import { wrapData } from '../../src/lib/actions/wrap-data';
import { wrapSecret } from '../../src/lib/actions/wrap-secret';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { enableKv, kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';

const V1 = 'S3CRET-version-one-7f1c';
const V2 = 'S3CRET-version-two-9a2d';
const KV1_VALUE = 'KV1-S3CRET-5b8e';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv1', 1);
  await kvPut(vault, 'secret', 'app/db', { password: V1 });
  await kvPut(vault, 'secret', 'app/db', { password: V2, user: 'app' });
  await kvPut(vault, 'kv1', 'app/db', { password: KV1_VALUE });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

const auth = (extra: Record<string, unknown> = {}) => rootAuth(vault, extra);

async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the run to fail');
}

describe('wrap_secret', () => {
  it('hands a KV v2 secret over as a token that unwraps once to its data and metadata; the value is never in the output', async () => {
    vault.clearRequests();
    const wrapped = await runAction(wrapSecret, auth(), { path: 'secret/app/db' });
    expect(Object.keys(wrapped).sort()).toEqual(['accessor', 'creationPath', 'creationTime', 'token', 'ttl']);
    expect(wrapped).toMatchObject({ ttl: 900, creationPath: 'secret/data/app/db' });
    expect(JSON.stringify(wrapped)).not.toContain(V2);
    expect(vault.requests.filter((r) => r.path === 'secret/data/app/db').map((r) => r.method)).toEqual(['GET']);

    const looked = await runAction(lookupWrappingToken, auth(), { wrappingToken: wrapped.token });
    expect(looked).toEqual({ creationPath: 'secret/data/app/db', creationTtl: 900, creationTime: wrapped.creationTime });

    const out = await runAction(unwrap, auth(), { wrappingToken: wrapped.token });
    expect(out.data.data).toEqual({ password: V2, user: 'app' });
    expect(out.data.metadata.version).toBe(2);
    expect(out.auth).toBeNull();

    const again = await failure(runAction(unwrap, auth(), { wrappingToken: wrapped.token }));
    expect(again.kind).toBe('bad_request');
    expect(again.message).toMatch(/already unwrapped, it expired, or it was never issued/);
    for (const text of [again.message, inspect(again), JSON.stringify({ ...again })]) expect(text).not.toContain(wrapped.token);

    const lookupAfter = await failure(runAction(lookupWrappingToken, auth(), { wrappingToken: wrapped.token }));
    expect(lookupAfter.message).toMatch(/not valid/);
    expect(inspect(lookupAfter)).not.toContain(wrapped.token);
  });

  it('wraps a given version, and KV v1 secrets, with the TTL asked for', async () => {
    const v1 = await runAction(wrapSecret, auth(), { path: 'secret/app/db', version: 1, wrapTtl: '90s' });
    expect(v1.ttl).toBe(90);
    expect((await runAction(unwrap, auth(), { wrappingToken: v1.token })).data.data).toEqual({ password: V1 });

    const kv1 = await runAction(wrapSecret, auth(), { path: 'kv1/app/db', wrapTtl: '1h' });
    expect(kv1).toMatchObject({ ttl: 3600, creationPath: 'kv1/app/db' });
    expect((await runAction(unwrap, auth(), { wrappingToken: kv1.token })).data).toEqual({ password: KV1_VALUE });
  });

  it('fails on an expired token with the same message, without echoing it', async () => {
    const wrapped = await runAction(wrapSecret, auth(), { path: 'secret/app/db', wrapTtl: '60' });
    vault.advanceTime(61);
    const err = await failure(runAction(unwrap, auth(), { wrappingToken: wrapped.token }));
    expect(err.message).toMatch(/expired/);
    expect(`${err.message}${inspect(err)}`).not.toContain(wrapped.token);
  });

  it('refuses a TTL of 0 (which would return the value itself) and a malformed token, without echoing them', async () => {
    vault.clearRequests();
    const zero = await failure(runAction(wrapSecret, auth(), { path: 'secret/app/db', wrapTtl: '0s' }));
    expect(zero.message).toMatch(/Wrap TTL must be more than 0/);
    const long = await failure(runAction(wrapData, auth(), { data: { a: 'b' }, wrapTtl: '9'.repeat(400) }));
    expect(long.message).toMatch(/Wrap TTL must be at most 32 days/);
    const bad = await failure(runAction(unwrap, auth(), { wrappingToken: 'not a token\n<script>' }));
    expect(bad.message).not.toContain('<script>');
    expect(vault.requests).toEqual([]);
  });

  it('is refused on read-only and write-only connections before any request', async () => {
    for (const accessMode of ['read_only', 'write_only']) {
      vault.clearRequests();
      const err = await failure(runAction(wrapSecret, auth({ accessMode }), { path: 'secret/app/db' }));
      expect(err.kind).toBe('access_denied_by_connection');
      expect(vault.requests).toEqual([]);
    }
  });

  it('keeps to the connection\'s path prefix', async () => {
    vault.clearRequests();
    const err = await failure(runAction(wrapSecret, auth({ pathPrefix: 'secret/other/' }), { path: 'secret/app/db' }));
    expect(err.kind).toBe('access_denied_by_connection');
    expect(vault.requests.filter((r) => r.path === 'secret/data/app/db')).toEqual([]);
    const inside = await runAction(wrapSecret, auth({ pathPrefix: 'secret/app/' }), { path: 'secret/app/db' });
    expect(inside.creationPath).toBe('secret/data/app/db');
  });
});

describe('wrap_data, unwrap and lookup_wrapping_token', () => {
  it('wraps any JSON object; unwrap returns it once', async () => {
    const data = { password: 'HANDOFF-S3CRET-3c4d', nested: { n: 1 } };
    const wrapped = await runAction(wrapData, auth(), { data, wrapTtl: '5m' });
    expect(wrapped).toMatchObject({ ttl: 300, creationPath: 'sys/wrapping/wrap' });
    expect(JSON.stringify(wrapped)).not.toContain('HANDOFF-S3CRET');
    expect((await runAction(unwrap, auth(), { wrappingToken: wrapped.token })).data).toEqual(data);
  });

  it('wrap_data is refused on read-only (allowed on write-only); unwrap and lookup are refused on write-only', async () => {
    vault.clearRequests();
    const ro = await failure(runAction(wrapData, auth({ accessMode: 'read_only' }), { data: { a: 'b' } }));
    expect(ro.kind).toBe('access_denied_by_connection');
    expect(vault.requests).toEqual([]);

    const wrapped = await runAction(wrapData, auth({ accessMode: 'write_only' }), { data: { a: 'b' } });
    vault.clearRequests();
    for (const action of [unwrap, lookupWrappingToken]) {
      const wo = await failure(runAction(action, auth({ accessMode: 'write_only' }), { wrappingToken: wrapped.token }));
      expect(wo.kind).toBe('access_denied_by_connection');
      expect(inspect(wo)).not.toContain(wrapped.token);
    }
    expect(vault.requests).toEqual([]);
    expect((await runAction(unwrap, auth({ accessMode: 'read_only' }), { wrappingToken: wrapped.token })).data).toEqual({ a: 'b' });
  });
});

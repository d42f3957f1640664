/**
 * `secret_updated` polling against the dev server: versions in order, nothing twice, folders,
 * deletions, KV v1 digests, namespaces, and a store that never holds a secret value.
 */
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { clientFor } from '../../src/lib/common/client';
import { secretUpdatedTrigger as definedTrigger } from '../../src/lib/triggers';
import { pollSecretChanges, type WatchState } from '../../src/lib/triggers/polling/secret-changes';
import { createNamespace, enableKv, kvPut, rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, pollingHooks, triggerContext, wrapAuth } from '../helpers/engine';

const secretUpdatedTrigger = pollingHooks(definedTrigger);

describe('secret_updated trigger', () => {
  let vault: VaultDevServer;
  let auth: Record<string, unknown>;

  beforeAll(async () => {
    vault = await startVault({ rootToken: 'root-trig' });
    await enableKv(vault, 'kvt', 2);
    await enableKv(vault, 'kvt1', 1);
    auth = { url: vault.url, authMethod: 'token', token: vault.rootToken };
  });

  afterAll(async () => {
    await closeAllVaultClients();
    await vault?.stop();
  });

  /** Enables the trigger like the engine does and returns a poll function sharing its store. */
  async function enable(props: Record<string, unknown>, connection = auth) {
    const store = new MemoryStore();
    const ctx = () => triggerContext(connection, props, store);
    await secretUpdatedTrigger.onEnable(ctx());
    return { store, poll: async () => (await secretUpdatedTrigger.run(ctx())) as any[], test: async () => (await secretUpdatedTrigger.test(ctx())) as any[] };
  }

  it('a full folder: a secret pushed out of the watched window and back does not fire its old versions again', async () => {
    const client = clientFor(wrapAuth(auth));
    const opts = { path: 'kvt/full/', includeDeletions: false, includeValues: false, folderLimit: 3 };
    for (const name of ['b', 'c', 'd', 'e']) await kvPut(vault, 'kvt', `full/${name}`, { k: name });
    let state: WatchState = (await pollSecretChanges(client, opts, null, 'baseline')).state; // watches b, c, d

    await kvPut(vault, 'kvt', 'full/a', { k: 'a' }); // watches a, b, c: d drops out
    const added = await pollSecretChanges(client, opts, state, 'diff');
    expect(added.events.map((e) => [e.path, e.version])).toEqual([['kvt/full/a', 1]]);
    state = added.state;

    await rootRequest(vault, 'DELETE', 'kvt/metadata/full/a'); // watches b, c, d again
    await kvPut(vault, 'kvt', 'full/d', { k: 'd2' });
    const back = await pollSecretChanges(client, opts, state, 'diff');
    expect(back.events.map((e) => [e.path, e.version])).toEqual([['kvt/full/d', 2]]);
  });

  it('fires once per new version, in order, with changed key names and no values', async () => {
    await kvPut(vault, 'kvt', 'app/db', { user: 'svc', password: 'first-pass-111' });
    const t = await enable({ path: 'kvt/app/db' });
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvt', 'app/db', { user: 'svc', password: 'second-pass-222' });
    await kvPut(vault, 'kvt', 'app/db', { user: 'svc2', password: 'second-pass-222', host: 'h' });
    const events = await t.poll();
    expect(events.map((e) => [e.event, e.path, e.version, e.changedKeys])).toEqual([
      ['updated', 'kvt/app/db', 2, ['password']],
      ['updated', 'kvt/app/db', 3, ['host', 'user']],
    ]);
    expect(events.every((e) => e.data === undefined && typeof e.time === 'string')).toBe(true);
    expect(await t.poll()).toEqual([]);
    expect(t.store.dump()).not.toMatch(/pass-111|pass-222|svc2/);
  });

  it('sees a rotation even when the value was just read through the cache', async () => {
    await kvPut(vault, 'kvt', 'cached/x', { k: 'one' });
    const t = await enable({ path: 'kvt/cached/x', includeValues: true });
    await t.test(); // reads through the shared client
    await kvPut(vault, 'kvt', 'cached/x', { k: 'two' });
    const events = await t.poll();
    expect(events.map((e) => [e.version, e.data])).toEqual([[2, { k: 'two' }]]);
  });

  it('watches the secrets directly in a folder: a new one fires once', async () => {
    await kvPut(vault, 'kvt', 'team/a', { v: '1' });
    await kvPut(vault, 'kvt', 'team/sub/deep', { v: '1' });
    const t = await enable({ path: 'kvt/team/' });
    await kvPut(vault, 'kvt', 'team/b', { v: 'new' });
    await kvPut(vault, 'kvt', 'team/sub/deep', { v: '2' }); // in a sub-folder: not watched
    const events = await t.poll();
    expect(events.map((e) => [e.event, e.path, e.version])).toEqual([['updated', 'kvt/team/b', 1]]);
    expect(await t.poll()).toEqual([]);
  });

  it('reports a deletion once when asked, and a later write again', async () => {
    await kvPut(vault, 'kvt', 'del/s', { v: '1' });
    await kvPut(vault, 'kvt', 'del/t', { v: '1' });
    const t = await enable({ path: 'kvt/del/', includeDeletions: true });
    await rootRequest(vault, 'DELETE', 'kvt/data/del/s');
    await rootRequest(vault, 'DELETE', 'kvt/metadata/del/t');
    const events = await t.poll();
    expect(events.map((e) => [e.event, e.path]).sort()).toEqual([
      ['deleted', 'kvt/del/s'],
      ['deleted', 'kvt/del/t'],
    ]);
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvt', 'del/s', { v: '2' });
    expect((await t.poll()).map((e) => [e.event, e.version])).toEqual([['updated', 2]]);
  });

  it('ignores deletions unless asked', async () => {
    await kvPut(vault, 'kvt', 'quiet/s', { v: '1' });
    const t = await enable({ path: 'kvt/quiet/s' });
    await rootRequest(vault, 'DELETE', 'kvt/data/quiet/s');
    expect(await t.poll()).toEqual([]);
  });

  it('detects KV v1 changes by salted digest, never storing values', async () => {
    await kvPut(vault, 'kvt1', 'legacy/app', { token: 'v1-secret-aaa', user: 'u' });
    const t = await enable({ path: 'kvt1/legacy/app', includeDeletions: true });
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvt1', 'legacy/app', { token: 'v1-secret-aaa', user: 'u' }); // same content
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvt1', 'legacy/app', { token: 'v1-secret-bbb', user: 'u' });
    const events = await t.poll();
    expect(events.map((e) => [e.event, e.path, e.version, e.changedKeys])).toEqual([['updated', 'kvt1/legacy/app', null, ['token']]]);
    await rootRequest(vault, 'DELETE', 'kvt1/legacy/app');
    expect((await t.poll()).map((e) => e.event)).toEqual(['deleted']);
    const dump = t.store.dump();
    expect(dump).not.toMatch(/v1-secret|"token"|"user"/);

    // Two triggers on equal content do not store comparable digests.
    await kvPut(vault, 'kvt1', 'legacy/same', { token: 'same' });
    const a = await enable({ path: 'kvt1/legacy/same' });
    const b = await enable({ path: 'kvt1/legacy/same' });
    const digests = (s: MemoryStore) => JSON.stringify(Object.values((JSON.parse(s.dump())[0][1] as any).entries));
    expect(digests(a.store)).not.toBe(digests(b.store));
  });

  it('works inside a namespace', async () => {
    await createNamespace(vault, 'teamns');
    await enableKv(vault, 'kvn', 2, 'teamns');
    await kvPut(vault, 'kvn', 'svc', { key: 'n1' }, 'teamns');
    const t = await enable({ path: 'kvn/svc' }, { ...auth, namespace: 'teamns' });
    await kvPut(vault, 'kvn', 'svc', { key: 'n2' }, 'teamns');
    expect((await t.poll()).map((e) => [e.path, e.version])).toEqual([['kvn/svc', 2]]);
    expect(vault.count({ namespace: 'teamns', path: /kvn\/metadata\/svc/ })).toBeGreaterThan(0);
  });

  it('test returns a sample from current data', async () => {
    await kvPut(vault, 'kvt', 'sample/s', { a: '1' });
    await kvPut(vault, 'kvt', 'sample/s', { a: '1', b: '2' });
    const store = new MemoryStore();
    const sample = (await secretUpdatedTrigger.test(triggerContext(auth, { path: 'kvt/sample/s' }, store))) as any[];
    expect(sample).toEqual([expect.objectContaining({ event: 'updated', path: 'kvt/sample/s', version: 2, changedKeys: ['b'] })]);
    expect(store.dump()).toBe('[]');
  });
});

import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { clientFor } from '../../src/lib/common/client';
import { newSecretTrigger as definedTrigger } from '../../src/lib/triggers';
import { pollNewSecrets } from '../../src/lib/triggers/polling/new-secrets';
import { enableKv, kvPut, rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, pollingHooks, triggerContext, wrapAuth } from '../helpers/engine';

const newSecretTrigger = pollingHooks(definedTrigger);

describe('new_secret trigger', () => {
  let vault: VaultDevServer;
  let auth: Record<string, unknown>;

  beforeAll(async () => {
    vault = await startVault({ rootToken: 'root-new' });
    await enableKv(vault, 'kvnew', 2);
    await enableKv(vault, 'kvnew1', 1);
    auth = { url: vault.url, authMethod: 'token', token: vault.rootToken };
  });

  afterAll(async () => {
    await closeAllVaultClients();
    await vault?.stop();
  });

  async function enable(folder: string) {
    const store = new MemoryStore();
    const ctx = () => triggerContext(auth, { folder }, store);
    await newSecretTrigger.onEnable(ctx());
    return { store, poll: async () => (await newSecretTrigger.run(ctx())) as any[] };
  }

  it('a full folder: a secret pushed out of the watched window and back is not new', async () => {
    const client = clientFor(wrapAuth(auth));
    for (const name of ['b', 'c', 'd', 'e']) await kvPut(vault, 'kvnew', `full/${name}`, { k: name });
    let state = (await pollNewSecrets(client, 'kvnew/full/', null, 'baseline', 3)).state; // watches b, c, d

    await kvPut(vault, 'kvnew', 'full/a', { k: 'a' }); // watches a, b, c: d drops out
    const added = await pollNewSecrets(client, 'kvnew/full/', state, 'diff', 3);
    expect(added.events.map((e) => e.path)).toEqual(['kvnew/full/a']);
    state = added.state;

    await rootRequest(vault, 'DELETE', 'kvnew/metadata/full/a'); // watches b, c, d again
    expect((await pollNewSecrets(client, 'kvnew/full/', state, 'diff', 3)).events).toEqual([]);
  });

  it('fires once for each secret that appears in the folder (KV v2)', async () => {
    await kvPut(vault, 'kvnew', 'apps/existing', { k: 'old-value' });
    const t = await enable('kvnew/apps/');
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvnew', 'apps/fresh', { k: 'fresh-value' });
    await kvPut(vault, 'kvnew', 'apps/existing', { k: 'changed' });
    await kvPut(vault, 'kvnew', 'apps/nested/x', { k: 'x' });
    const events = await t.poll();
    expect(events).toEqual([expect.objectContaining({ event: 'created', path: 'kvnew/apps/fresh', name: 'fresh', folder: 'kvnew/apps/', version: 1 })]);
    expect(await t.poll()).toEqual([]);
    expect(t.store.dump()).not.toMatch(/fresh-value|old-value/);
    const sample = (await newSecretTrigger.test(triggerContext(auth, { folder: 'kvnew/apps/' }))) as any[];
    expect(sample.map((e) => e.path).sort()).toEqual(['kvnew/apps/existing', 'kvnew/apps/fresh']);
  });

  it('fires again for a secret removed and created again', async () => {
    await kvPut(vault, 'kvnew', 'again/s', { k: '1' });
    const t = await enable('kvnew/again');
    await rootRequest(vault, 'DELETE', 'kvnew/metadata/again/s');
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvnew', 'again/s', { k: '2' });
    expect((await t.poll()).map((e) => e.path)).toEqual(['kvnew/again/s']);
  });

  it('works on KV v1 and on a folder that does not exist yet', async () => {
    const t = await enable('kvnew1/later/');
    expect(await t.poll()).toEqual([]);
    await kvPut(vault, 'kvnew1', 'later/one', { k: 'v' });
    expect((await t.poll()).map((e) => [e.path, e.version])).toEqual([['kvnew1/later/one', null]]);
  });
});

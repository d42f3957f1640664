/**
 * The hooks every polling trigger shares (`triggers/polling/polling-hooks.ts`), in the order the
 * engine calls them: onEnable takes a baseline, run reports only what changed since, onDisable
 * forgets the state, a later onEnable starts over.
 */
import { newSecretTrigger } from '../../src/lib/triggers/new-secret';
import { secretUpdatedTrigger } from '../../src/lib/triggers/secret-updated';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { MemoryStore, pollingHooks, triggerContext } from '../helpers/engine';
import { kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;
beforeAll(async () => {
  vault = await startVault();
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

it.each([
  ['secret_updated', secretUpdatedTrigger, { path: 'secret/hooks-a/' }, 'hooks-a'],
  ['new_secret', newSecretTrigger, { folder: 'secret/hooks-b/' }, 'hooks-b'],
])('%s: onDisable leaves nothing in the store; re-enabling takes a new baseline', async (_name, trigger, props, folder) => {
  const hooks = pollingHooks(trigger);
  const store = new MemoryStore();
  const ctx = triggerContext(rootAuth(vault), props, store);
  await kvPut(vault, 'secret', `${folder}/one`, { k: 'v1' });
  await hooks.onEnable(ctx);
  expect(store.data.size).toBeGreaterThan(0);
  await kvPut(vault, 'secret', `${folder}/two`, { k: 'v1' });
  expect(await hooks.run(ctx)).toHaveLength(1);

  await hooks.onDisable(ctx);
  expect(store.data.size).toBe(0);

  await kvPut(vault, 'secret', `${folder}/three`, { k: 'v1' }); // appeared while disabled
  await hooks.onEnable(ctx);
  expect(await hooks.run(ctx)).toEqual([]);
});

it.each([
  ['secret_updated', secretUpdatedTrigger, { path: 'secret/hooks-c/' }, 'hooks-c'],
  ['new_secret', newSecretTrigger, { folder: 'secret/hooks-d/' }, 'hooks-d'],
])('%s: a stored state of another shape (garbage, an older format) is no state: a new baseline, no burst of events', async (_name, trigger, props, folder) => {
  const hooks = pollingHooks(trigger);
  const store = new MemoryStore();
  const ctx = triggerContext(rootAuth(vault), props, store);
  for (const n of ['one', 'two', 'three']) await kvPut(vault, 'secret', `${folder}/${n}`, { k: 'v1' });
  await hooks.onEnable(ctx);
  const [key] = store.keys();
  for (const garbage of [{ salt: 's', entries: { [`secret/${folder}/one`]: { kv: 2, v: 0 } } }, { known: 'not-a-list' }, 'text', 42]) {
    await store.put(key, garbage);
    expect(await hooks.run(ctx)).toEqual([]);
  }
  await kvPut(vault, 'secret', `${folder}/four`, { k: 'v1' });
  expect(await hooks.run(ctx)).toHaveLength(1);
});

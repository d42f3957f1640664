/**
 * Every engine method that reads Vault's answer checks its shape with the request's schema: a 200
 * in another shape fails with `unexpected_response` instead of reaching an action as `undefined`.
 */
import { listMounts } from '../../../src/lib/vault/engines/sys-mounts';
import { PolicyEngine } from '../../../src/lib/vault/engines/policies';
import { TokenEngine } from '../../../src/lib/vault/engines/tokens';
import { TransitEngine } from '../../../src/lib/vault/engines/transit';
import { createVaultClient } from '../../../src/lib/vault/client';
import type { VaultClient } from '../../../src/lib/vault/types';
import { rootRequest, startVault, testConfig, type VaultDevServer } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

let vault: VaultDevServer;
let client: VaultClient;
let ciphertext: string;

beforeAll(async () => {
  vault = await startVault();
  await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'transit/keys/k', {});
  client = createVaultClient(testConfig(vault, { token: vault.rootToken }));
  ciphertext = (await rootRequest(vault, 'POST', 'transit/encrypt/k', { plaintext: 'aGk=' })).body.data.ciphertext;
});
afterAll(async () => {
  await client?.close();
  await vault?.stop();
});

const tokens = () => new TokenEngine(client);
const transit = () => new TransitEngine(client, 'transit');

/** What each method makes of the real answer (the part of it an action uses). */
const realAnswers: Record<string, (out: any) => void> = {
  'TokenEngine.create': (out) => expect(out.clientToken).toMatch(/^(s|hvs)\./),
  'PolicyEngine.read': (out) => expect(out.name).toBe('default'),
  'TransitEngine.encrypt': (out) => expect(out).toMatch(/^vault:v1:/),
  'TransitEngine.decrypt': (out) => expect(out).toBe('aGk='),
  'TransitEngine.listKeys': (out) => expect(out).toEqual(['k']),
  listMounts: (out) => expect(out.map((m: { path: string }) => m.path)).toContain('secret/'),
};

const cases: [string, string, RegExp, () => Promise<unknown>][] = [
  ['TokenEngine.create', 'POST', /^auth\/token\/create$/, () => tokens().create({ policies: ['default'], ttl: '1h' })],
  ['TokenEngine.lookupAccessor', 'POST', /^auth\/token\/lookup-accessor$/, () => tokens().lookupAccessor('some-accessor')],
  ['PolicyEngine.read', 'GET', /^sys\/policies\/acl\/default$/, () => new PolicyEngine(client).read('default')],
  ['TransitEngine.encrypt', 'POST', /^transit\/encrypt\/k$/, () => transit().encrypt('k', 'aGk=')],
  ['TransitEngine.decrypt', 'POST', /^transit\/decrypt\/k$/, () => transit().decrypt('k', ciphertext)],
  ['TransitEngine.listKeys', 'LIST', /^transit\/keys$/, () => transit().listKeys()],
  ['listMounts', 'GET', /^sys\/mounts$/, () => listMounts(client, ['kv'])],
];

describe('engine answers are checked by their schema', () => {
  it.each(cases)('%s refuses a 200 in the wrong shape', async (_name, method, path, call) => {
    // `data` of the wrong type: no field the method reads is there.
    vault.inject({ method, path, status: 200, body: { data: 'not an object', auth: null } });
    const err = await errorOf(call);
    expect(err.kind).toBe('unexpected_response');
    expect(err.message).toMatch(/expected shape/);
    expect(vault.count({ method, path })).toBeGreaterThan(0);
  });

  it.each(cases.filter(([name]) => name !== 'TokenEngine.lookupAccessor'))('%s accepts the real answer', async (name, _method, _path, call) => {
    // (lookupAccessor of an unknown accessor is a 400: its happy path is in the token action tests.)
    realAnswers[name](await call());
  });
});

import { transitKeyProp } from '../../src/lib/common/transit-props';
import { listTransitKeysAction } from '../../src/lib/actions/list-transit-keys';
import { transitDecrypt } from '../../src/lib/actions/transit-decrypt';
import { transitEncrypt } from '../../src/lib/actions/transit-encrypt';
import { createToken, rootAuth, rootRequest, startVault, tokenAuth, type VaultDevServer, writePolicy } from '../helpers/vault-setup';
import { dropdownOptions, runAction, wrapAuth } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'sys/mounts/crypto/team', { type: 'transit' });
  await rootRequest(vault, 'POST', 'transit/keys/orders', {});
  await rootRequest(vault, 'POST', 'transit/keys/billing', {});
  await rootRequest(vault, 'POST', 'crypto/team/keys/team-key', {});
});
afterAll(async () => {
  await vault?.stop();
});

const texts = ['hello', 'héllo wörld — 世界 🔐🚀', '', 'line1\nline2\t"quoted"'];

describe('transit', () => {
  it.each(texts.map((t) => [t]))('round-trips %j as plain text', async (text) => {
    const enc = await runAction(transitEncrypt, rootAuth(vault), { key: 'orders', plaintext: text });
    expect(enc.ciphertext).toMatch(/^vault:v1:/);
    if (text) expect(enc.ciphertext).not.toContain(text);
    const dec = await runAction(transitDecrypt, rootAuth(vault), { key: 'orders', ciphertext: enc.ciphertext });
    expect(dec).toEqual({ plaintext: text });
  });

  it('works on a multi-segment transit mount', async () => {
    const enc = await runAction(transitEncrypt, rootAuth(vault), { key: 'team-key', plaintext: 'x', transitPath: '/crypto/team/' });
    const dec = await runAction(transitDecrypt, rootAuth(vault), { key: 'team-key', ciphertext: enc.ciphertext, transitPath: 'crypto/team' });
    expect(dec.plaintext).toBe('x');
  });

  it('a ciphertext of one key does not decrypt with another', async () => {
    const enc = await runAction(transitEncrypt, rootAuth(vault), { key: 'orders', plaintext: 'secret-order' });
    const err = await runFailing(transitDecrypt, rootAuth(vault), { key: 'billing', ciphertext: enc.ciphertext });
    expect(err.message).not.toContain('secret-order');
  });

  it('refuses text that is not a ciphertext, naming the prop', async () => {
    await expect(runAction(transitDecrypt, rootAuth(vault), { key: 'orders', ciphertext: 'aGVsbG8=' })).rejects.toThrow(/"ciphertext"/);
  });

  it('lists the keys of a mount', async () => {
    expect(await runAction(listTransitKeysAction, rootAuth(vault), {})).toEqual({ keys: ['billing', 'orders'] });
    expect(await runAction(listTransitKeysAction, rootAuth(vault), { transitPath: 'crypto/team' })).toEqual({ keys: ['team-key'] });
  });

  it('says there is no transit engine at a wrong mount', async () => {
    const err = await runFailing(listTransitKeysAction, rootAuth(vault), { transitPath: 'nope' });
    expect(err.message).toMatch(/nope/);
  });
});

describe('transit key dropdown', () => {
  it('asks to connect first', async () => {
    const state = await dropdownOptions(transitKeyProp as any, undefined);
    expect(state.disabled).toBe(true);
  });

  it('lists the keys of the chosen mount', async () => {
    const state = await dropdownOptions(transitKeyProp as any, rootAuth(vault), { transitPath: 'transit' });
    expect(state.options.map((o: { value: string }) => o.value)).toEqual(['billing', 'orders']);
    const other = await dropdownOptions(transitKeyProp as any, rootAuth(vault), { transitPath: 'crypto/team' });
    expect(other.options.map((o: { value: string }) => o.value)).toEqual(['team-key']);
  });

  it('still lets the person type a key when the token may not list keys', async () => {
    await writePolicy(vault, 'encrypt-only', 'path "transit/encrypt/orders" {\n  capabilities = ["update"]\n}\n');
    const token = await createToken(vault, { policies: ['encrypt-only'] });
    const auth = tokenAuth(vault, token);
    const ctx = { searchValue: 'orders', server: { apiUrl: '', publicUrl: '', token: '' } };
    const state = await transitKeyProp.options({ auth: wrapAuth(auth) as any, transitPath: 'transit' }, ctx as any);
    expect(state.options).toEqual([{ label: 'Use "orders"', value: 'orders' }]);
    expect(state.placeholder).toMatch(/type/i);

    // and the typed key works for encryption
    const enc = await runAction(transitEncrypt, auth, { key: 'orders', plaintext: 'ok' });
    expect(enc.ciphertext).toMatch(/^vault:v1:/);
  });
});

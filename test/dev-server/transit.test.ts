import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('transit', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await root(vault, 'POST', 'sys/mounts/crypto/team', { body: { type: 'transit' } });
    await root(vault, 'POST', 'crypto/team/keys/orders', { body: {} });
  });
  afterAll(() => vault.stop());

  it('encrypts for real and decrypts back', async () => {
    const enc = await root(vault, 'POST', 'crypto/team/encrypt/orders', { body: { plaintext: b64('card 4111') } });
    expect(enc.body.data.ciphertext).toMatch(/^vault:v1:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(enc.body.data.ciphertext.slice(9), 'base64').toString('latin1')).not.toContain('card 4111');
    const again = await root(vault, 'POST', 'crypto/team/encrypt/orders', { body: { plaintext: b64('card 4111') } });
    expect(again.body.data.ciphertext).not.toBe(enc.body.data.ciphertext);
    const dec = await root(vault, 'POST', 'crypto/team/decrypt/orders', { body: { ciphertext: enc.body.data.ciphertext } });
    expect(Buffer.from(dec.body.data.plaintext, 'base64').toString()).toBe('card 4111');
  });

  it('refuses tampered ciphertexts, unknown keys and non-base64 plaintext', async () => {
    const enc = (await root(vault, 'POST', 'crypto/team/encrypt/orders', { body: { plaintext: b64('x') } })).body.data.ciphertext as string;
    const raw = Buffer.from(enc.slice(9), 'base64');
    raw[raw.length - 1] ^= 1;
    // aead.Open's failure is a Go error in Vault 1.8: 500, wrapped (recorded in transcript 3)
    const tampered = await root(vault, 'POST', 'crypto/team/decrypt/orders', { body: { ciphertext: `vault:v1:${raw.toString('base64')}` } });
    expect(tampered).toMatchObject({ status: 500, body: { errors: ['1 error occurred:\n\t* cipher: message authentication failed\n\n'] } });
    const short = await root(vault, 'POST', 'crypto/team/decrypt/orders', { body: { ciphertext: 'vault:v1:AAAA' } });
    expect(short).toMatchObject({ status: 400, body: { errors: ['invalid ciphertext length'] } });
    const batch = await root(vault, 'POST', 'crypto/team/decrypt/orders', { body: { batch_input: [{ ciphertext: enc }, { ciphertext: `vault:v1:${raw.toString('base64')}` }] } });
    expect(batch.status).toBe(500);
    expect((await root(vault, 'POST', 'crypto/team/decrypt/none', { body: { ciphertext: enc } })).status).toBe(400);
    expect((await root(vault, 'POST', 'crypto/team/encrypt/orders', { body: { plaintext: 'not base64!' } })).status).toBe(400);
  });

  it('rotates keys and still decrypts old ciphertexts; batch input works', async () => {
    const old = (await root(vault, 'POST', 'crypto/team/encrypt/orders', { body: { plaintext: b64('old') } })).body.data.ciphertext;
    await root(vault, 'POST', 'crypto/team/keys/orders/rotate');
    const fresh = (await root(vault, 'POST', 'crypto/team/encrypt/orders', { body: { plaintext: b64('new') } })).body.data;
    expect(fresh.key_version).toBe(2);
    const batch = await root(vault, 'POST', 'crypto/team/decrypt/orders', { body: { batch_input: [{ ciphertext: old }, { ciphertext: fresh.ciphertext }] } });
    expect(batch.body.data.batch_results.map((r: any) => Buffer.from(r.plaintext, 'base64').toString())).toEqual(['old', 'new']);
    expect((await root(vault, 'GET', 'crypto/team/keys/orders')).body.data).toMatchObject({ latest_version: 2, type: 'aes256-gcm96', name: 'orders' });
  });

  it('lists keys and deletes only when deletion_allowed', async () => {
    await root(vault, 'POST', 'crypto/team/keys/temp');
    expect((await root(vault, 'LIST', 'crypto/team/keys')).body.data.keys).toEqual(['orders', 'temp']);
    expect((await root(vault, 'DELETE', 'crypto/team/keys/temp')).body).toEqual({ errors: ['error deleting policy temp: deletion is not allowed for this key'] });
    await root(vault, 'POST', 'crypto/team/keys/temp/config', { body: { deletion_allowed: true } });
    expect((await root(vault, 'DELETE', 'crypto/team/keys/temp')).status).toBe(204);
    expect((await root(vault, 'GET', 'crypto/team/keys/temp')).status).toBe(404);
  });
});

/**
 * Transit as Vault 1.8 answers it. Texts from hashicorp/vault builtin/logical/transit
 * (path_keys.go, path_encrypt.go, path_decrypt.go, path_rewrap.go, path_export.go, path_config.go,
 * path_sign_verify.go) and sdk/helper/keysutil/policy.go, lock_manager.go.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('transit like Vault 1.8', () => {
  let vault: VaultDevServer;
  const post = (path: string, body: unknown = {}) => root(vault, 'POST', `transit/${path}`, { body });
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await root(vault, 'POST', 'sys/mounts/transit', { body: { type: 'transit' } });
  });
  afterAll(() => vault.stop());

  it('creates every 1.8 key type with what it supports, and refuses unknown ones', async () => {
    for (const type of ['aes128-gcm96', 'chacha20-poly1305', 'ecdsa-p256', 'ed25519', 'rsa-2048']) expect((await post(`keys/k-${type}`, { type })).status).toBe(204);
    const read = (type: string) => root(vault, 'GET', `transit/keys/k-${type}`).then((r) => r.body.data);
    expect(await read('ecdsa-p256')).toMatchObject({ type: 'ecdsa-p256', supports_encryption: false, supports_decryption: false, supports_signing: true, supports_derivation: false });
    expect((await read('ecdsa-p256')).keys['1']).toMatchObject({ name: 'P-256', public_key: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(await read('rsa-2048')).toMatchObject({ supports_encryption: true, supports_signing: true, supports_derivation: false });
    expect(await read('ed25519')).toMatchObject({ supports_encryption: false, supports_signing: true, supports_derivation: true });
    expect(await read('chacha20-poly1305')).toMatchObject({ supports_encryption: true, supports_signing: false, keys: { '1': expect.any(Number) } });
    expect((await post('keys/bad', { type: 'des' })).body).toEqual({ errors: ['unknown key type des'] });
    expect((await post('keys/conv', { convergent_encryption: true })).body).toEqual({ errors: ['convergent encryption requires derivation to be enabled'] });
  });

  it('encrypts with encryption keys only; signs with signing keys only', async () => {
    for (const type of ['aes128-gcm96', 'chacha20-poly1305', 'rsa-2048']) {
      const enc = await post(`encrypt/k-${type}`, { plaintext: b64('hello') });
      expect(enc.body.data.key_version).toBe(1);
      const dec = await post(`decrypt/k-${type}`, { ciphertext: enc.body.data.ciphertext });
      expect(Buffer.from(dec.body.data.plaintext, 'base64').toString()).toBe('hello');
    }
    expect((await post('encrypt/k-ecdsa-p256', { plaintext: b64('x') })).body).toEqual({ errors: ['message encryption not supported for key type ecdsa-p256'] });
    expect((await post('sign/k-aes128-gcm96', { input: b64('x') })).body).toEqual({ errors: ['key type aes128-gcm96 does not support signing'] });
    for (const type of ['ecdsa-p256', 'ed25519', 'rsa-2048']) {
      const sig = (await post(`sign/k-${type}`, { input: b64('msg') })).body.data;
      expect(sig).toMatchObject({ signature: expect.stringMatching(/^vault:v1:/), key_version: 1 });
      expect((await post(`verify/k-${type}`, { input: b64('msg'), signature: sig.signature })).body.data).toEqual({ valid: true });
      expect((await post(`verify/k-${type}`, { input: b64('other'), signature: sig.signature })).body.data).toEqual({ valid: false });
    }
    expect((await post('verify/k-ed25519', { input: b64('m') })).body).toEqual({ errors: ["neither a 'signature' nor an 'hmac' were given to verify"] });
    expect((await post('sign/k-ed25519', { input: b64('m'), hash_algorithm: 'md5' })).body).toEqual({ errors: ['invalid hash algorithm "md5"'] });
    expect((await post('encrypt/new-sig', { plaintext: b64('x'), type: 'ecdsa-p256' })).body).toEqual({ errors: ['key type ecdsa-p256 not supported for this operation'] });
  });

  it('answers batches with 200 and per-item errors; refuses an empty batch', async () => {
    await post('keys/batch');
    const res = await post('encrypt/batch', { batch_input: [{ plaintext: b64('a') }, { plaintext: 'not base64!' }] });
    expect(res.status).toBe(200);
    expect(res.body.data.batch_results[0]).toMatchObject({ ciphertext: expect.stringMatching(/^vault:v1:/), key_version: 1 });
    expect(res.body.data.batch_results[1]).toEqual({ error: 'illegal base64 data at input byte 3' });
    const dec = await post('decrypt/batch', { batch_input: [{ ciphertext: 'nope' }, { ciphertext: '' }] });
    expect(dec.status).toBe(200);
    expect(dec.body.data.batch_results).toEqual([
      { plaintext: '', error: 'invalid ciphertext: no prefix' },
      { plaintext: '', error: 'missing ciphertext to decrypt' },
    ]);
    expect((await post('encrypt/batch', { batch_input: [] })).body).toEqual({ errors: ['missing batch input to process'] });
    expect((await post('encrypt/batch', { plaintext: 'abc' })).body).toEqual({ errors: ['illegal base64 data at input byte 0'] });
    expect((await post('encrypt/batch', {})).body).toEqual({ errors: ['missing plaintext to encrypt'] });
    expect((await post('decrypt/missing', { ciphertext: 'vault:v1:AAAA' })).body).toEqual({ errors: ['encryption key not found'] });
    expect((await post('encrypt/batch', { batch_input: [{ plaintext: b64('a'), context: b64('c') }, { plaintext: b64('b') }] })).body).toEqual({
      errors: ['context should be set either in all the request blocks or in none'],
    });
  });

  it('rotates, rewraps to the latest version and enforces min_decryption_version', async () => {
    await post('keys/rot');
    const v1 = (await post('encrypt/rot', { plaintext: b64('keep') })).body.data.ciphertext;
    expect((await post('keys/rot/rotate')).status).toBe(204);
    const rewrapped = await post('rewrap/rot', { ciphertext: v1 });
    expect(rewrapped.body.data).toMatchObject({ ciphertext: expect.stringMatching(/^vault:v2:/), key_version: 2 });
    expect((await post('keys/rot/config', { min_decryption_version: 3 })).body).toEqual({ errors: ['cannot set min decryption version of 3, latest key version is 2'] });
    expect((await post('keys/rot/config', { min_decryption_version: 2 })).status).toBe(204);
    expect((await post('decrypt/rot', { ciphertext: v1 })).body).toEqual({ errors: ['ciphertext or signature version is disallowed by policy (too old)'] });
    expect((await post('rewrap/rot', {})).body).toEqual({ errors: ['missing ciphertext to decrypt'] });
    expect((await post('keys/rot/config', { min_encryption_version: 1 })).body).toEqual({
      errors: ['cannot set min encryption/decryption values; min encryption version of 1 must be greater than or equal to min decryption version of 2'],
    });
    expect((await post('keys/nope/config', { deletion_allowed: true })).body).toEqual({ errors: ['no existing key named nope could be found'] });
  });

  it('exports only exportable keys, by type and version', async () => {
    await post('keys/exp', { exportable: true });
    await post('keys/closed');
    const all = await root(vault, 'GET', 'transit/export/encryption-key/exp');
    expect(all.body.data).toMatchObject({ name: 'exp', type: 'aes256-gcm96', keys: { '1': expect.any(String) } });
    expect(Buffer.from(all.body.data.keys['1'], 'base64')).toHaveLength(32);
    expect((await root(vault, 'GET', 'transit/export/encryption-key/exp/latest')).body.data.keys).toEqual(all.body.data.keys);
    expect((await root(vault, 'GET', 'transit/export/encryption-key/closed')).body).toEqual({ errors: ['key is not exportable'] });
    expect((await root(vault, 'GET', 'transit/export/signing-key/exp')).body).toEqual({ errors: ['signing not supported for the key'] });
    expect((await root(vault, 'GET', 'transit/export/bogus-key/exp')).body).toEqual({ errors: ['invalid export type: bogus-key'] });
    expect((await root(vault, 'GET', 'transit/export/encryption-key/exp/7')).body).toEqual({ errors: ['version does not exist or cannot be found'] });
    expect((await root(vault, 'GET', 'transit/export/encryption-key/exp/x')).body).toEqual({ errors: ['invalid key version'] });
  });

  it('deletes only keys that exist and allow it', async () => {
    expect((await root(vault, 'DELETE', 'transit/keys/ghost')).body).toEqual({ errors: ['error deleting policy ghost: could not delete key; not found'] });
  });
});

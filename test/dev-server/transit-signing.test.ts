/** The dev server's transit hmac, HMAC verification and datakey against Vault 1.8 (path_hmac.go, path_datakey.go). */
import { createHmac } from 'node:crypto';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

const b64 = (s: string) => Buffer.from(s).toString('base64');

let vault: VaultDevServer;
let hmacKey: Buffer;
beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await root(vault, 'POST', 'sys/mounts/transit', { body: { type: 'transit' } });
  await root(vault, 'POST', 'transit/keys/k', { body: { exportable: true } });
  await root(vault, 'POST', 'transit/keys/ed', { body: { type: 'ed25519' } });
  hmacKey = Buffer.from((await root(vault, 'GET', 'transit/export/hmac-key/k/1')).body.data.keys['1'], 'base64');
});
afterAll(() => vault.stop());

describe('transit hmac', () => {
  it.each([
    ['sha2-256', 'sha256'],
    ['sha2-224', 'sha224'],
    ['sha2-384', 'sha384'],
    ['sha2-512', 'sha512'],
    ['sha1', 'sha1'],
  ])('computes HMAC-%s with the key\'s HMAC key, from the body or the URL', async (vaultAlg, nodeAlg) => {
    const expected = `vault:v1:${createHmac(nodeAlg, hmacKey).update('hello').digest('base64')}`;
    expect((await root(vault, 'POST', 'transit/hmac/k', { body: { input: b64('hello'), algorithm: vaultAlg } })).body.data).toEqual({ hmac: expected });
    expect((await root(vault, 'POST', `transit/hmac/k/${vaultAlg}`, { body: { input: b64('hello') } })).body.data).toEqual({ hmac: expected });
  });

  it('works with every key type (an ed25519 key has an HMAC key too)', async () => {
    expect((await root(vault, 'POST', 'transit/hmac/ed', { body: { input: b64('x') } })).body.data.hmac).toMatch(/^vault:v1:/);
  });

  it.each([
    [{ input: b64('x'), algorithm: 'sha3-256' }, "unsupported algorithm '\\x00'"],
    [{}, 'missing input for HMAC'],
    [{ input: '%%%' }, 'unable to decode input as base64: illegal base64 data at input byte 0'],
    [{ input: b64('x'), key_version: 2 }, 'key version does not exist; latest key version is 1'],
    [{ batch_input: [] }, 'missing batch input to process'],
  ])('refuses %j with Vault\'s text', async (body, text) => {
    const res = await root(vault, 'POST', 'transit/hmac/k', { body });
    expect([res.status, res.body.errors]).toEqual([400, [text]]);
  });

  it('answers a batch item by item, and an unknown key with "encryption key not found"', async () => {
    const res = await root(vault, 'POST', 'transit/hmac/k', { body: { batch_input: [{ input: b64('a') }, { input: ':;' }, {}] } });
    expect(res.body.data.batch_results).toEqual([
      { hmac: `vault:v1:${createHmac('sha256', hmacKey).update('a').digest('base64')}` },
      { error: 'unable to decode input as base64: illegal base64 data at input byte 0' },
      { error: 'missing input for HMAC' },
    ]);
    expect((await root(vault, 'POST', 'transit/hmac/none', { body: { input: b64('x') } })).body.errors).toEqual(['encryption key not found']);
  });
});

describe('transit verify with an hmac', () => {
  it('is valid for the input it was made from, not for another; the algorithm comes from `algorithm`', async () => {
    const { hmac } = (await root(vault, 'POST', 'transit/hmac/k', { body: { input: b64('data'), algorithm: 'sha2-512' } })).body.data;
    expect((await root(vault, 'POST', 'transit/verify/k', { body: { input: b64('data'), hmac, algorithm: 'sha2-512' } })).body.data).toEqual({ valid: true });
    expect((await root(vault, 'POST', 'transit/verify/k', { body: { input: b64('Data'), hmac, algorithm: 'sha2-512' } })).body.data).toEqual({ valid: false });
    // 1.8 reads an HMAC's algorithm from `algorithm` only: hash_algorithm leaves it at sha2-256
    expect((await root(vault, 'POST', 'transit/verify/k', { body: { input: b64('data'), hmac, hash_algorithm: 'sha2-512' } })).body.data).toEqual({ valid: false });
  });

  it.each([
    [{ input: b64('x'), hmac: 'nope' }, 'invalid HMAC to verify: no prefix'],
    [{ input: b64('x'), hmac: 'vault:v1' }, 'invalid HMAC: wrong number of fields'],
    [{ input: b64('x'), hmac: 'vault:vX:AAAA' }, 'invalid HMAC: version number could not be decoded'],
    [{ input: b64('x'), hmac: 'vault:v1:!!' }, 'unable to decode verification HMAC as base64: illegal base64 data at input byte 0'],
    [{ input: b64('x'), hmac: 'vault:v9:AAAA' }, 'invalid HMAC: version is too new'],
    [{ input: b64('x'), hmac: 'vault:v0:AAAA' }, 'cannot verify HMAC: version is too old (disallowed by policy)'],
    [{ input: b64('x'), hmac: 'vault:v1:AAAA', signature: 'vault:v1:AAAA' }, "provide one of 'signature' or 'hmac'"],
    [{ batch_input: [{ input: b64('x'), hmac: 'vault:v1:AAAA' }, { input: b64('x') }] }, "some elements of batch_input are missing 'hmac'"],
    [{ batch_input: [{ input: b64('x'), hmac: 'vault:v1:AAAA' }, { input: b64('x'), signature: 'vault:v1:AAAA' }] }, "elements of batch_input must all provide 'signature' or all provide 'hmac'"],
  ])('refuses %j with Vault\'s text', async (body, text) => {
    const res = await root(vault, 'POST', 'transit/verify/k', { body });
    expect([res.status, res.body.errors]).toEqual([400, [text]]);
  });

  it('leaves signature verification to the signature path', async () => {
    const { signature } = (await root(vault, 'POST', 'transit/sign/ed', { body: { input: b64('m') } })).body.data;
    expect((await root(vault, 'POST', 'transit/verify/ed', { body: { input: b64('m'), signature } })).body.data).toEqual({ valid: true });
    expect((await root(vault, 'POST', 'transit/verify/ed', { body: { input: b64('m') } })).body.errors).toEqual(["neither a 'signature' nor an 'hmac' were given to verify"]);
  });
});

describe('transit datakey', () => {
  it.each([
    [128, 16],
    [256, 32],
    [512, 64],
  ])('makes a %i-bit key, returned encrypted, and in plaintext only on the plaintext path', async (bits, bytes) => {
    const plain = (await root(vault, 'POST', 'transit/datakey/plaintext/k', { body: { bits } })).body.data;
    expect(Buffer.from(plain.plaintext, 'base64')).toHaveLength(bytes);
    expect(plain.key_version).toBe(1);
    const back = (await root(vault, 'POST', 'transit/decrypt/k', { body: { ciphertext: plain.ciphertext } })).body.data.plaintext;
    expect(back).toBe(plain.plaintext);
    const wrapped = (await root(vault, 'POST', 'transit/datakey/wrapped/k', { body: { bits } })).body.data;
    expect(Object.keys(wrapped).sort()).toEqual(['ciphertext', 'key_version']);
  });

  it.each([
    ['transit/datakey/other/k', {}, "Invalid path, must be 'plaintext' or 'wrapped'"],
    ['transit/datakey/wrapped/k', { bits: 100 }, 'invalid bit length'],
    ['transit/datakey/wrapped/k', { context: '%%' }, 'failed to base64-decode context'],
    ['transit/datakey/wrapped/none', {}, 'encryption key not found'],
    ['transit/datakey/wrapped/ed', {}, 'message encryption not supported for key type ed25519'],
  ])('POST %s %j is 400 with Vault\'s text', async (path, body, text) => {
    const res = await root(vault, 'POST', path, { body });
    expect([res.status, res.body.errors]).toEqual([400, [text]]);
  });

  it('a GET is an unsupported operation', async () => {
    expect((await root(vault, 'GET', 'transit/datakey/plaintext/k')).status).toBe(405);
    expect((await root(vault, 'GET', 'transit/hmac/k')).status).toBe(405);
  });
});

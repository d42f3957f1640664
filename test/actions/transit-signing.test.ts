/**
 * transit_sign, transit_verify, transit_hmac and generate_data_key run like the engine runs them,
 * against the dev server: signatures checked with node:crypto and the key's public key, HMACs with
 * the exported HMAC key, each action also run with only the policy the README gives it.
 */
import { constants, createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { generateDataKey } from '../../src/lib/actions/generate-data-key';
import { transitHmac } from '../../src/lib/actions/transit-hmac';
import { transitSign } from '../../src/lib/actions/transit-sign';
import { transitVerify } from '../../src/lib/actions/transit-verify';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';
import { readmePolicies } from '../helpers/readme-policies';
import { createToken, root, rootAuth, startVault, tokenAuth, type VaultDevServer, writePolicy } from '../helpers/vault-setup';

let vault: VaultDevServer;
const KEY_TYPES = ['ed25519', 'ecdsa-p256', 'rsa-2048', 'rsa-4096'] as const;
const publicKeys = new Map<string, KeyObject>();

beforeAll(async () => {
  vault = await startVault();
  await root(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await root(vault, 'POST', 'sys/mounts/crypto/team', { type: 'transit' });
  for (const type of KEY_TYPES) {
    await root(vault, 'POST', `transit/keys/${type}`, { type });
    const pub = (await root(vault, 'GET', `transit/keys/${type}`)).data.keys['1'].public_key as string;
    publicKeys.set(
      type,
      type === 'ed25519' ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub, 'base64').toString('base64url') }, format: 'jwk' }) : createPublicKey(pub),
    );
  }
  await root(vault, 'POST', 'transit/keys/aes', { exportable: true });
  await root(vault, 'POST', 'crypto/team/keys/team', { type: 'ed25519' });
}, 60_000);
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

const sigBytes = (signature: string) => Buffer.from(signature.replace(/^vault:v\d+:/, ''), 'base64');
const NODE_HASH: Record<string, string> = { 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512', sha1: 'sha1', 'sha2-224': 'sha224' };

/** node:crypto's verdict on a transit signature (RSA: PSS, Vault's default). */
function nodeVerifies(type: string, data: Buffer, signature: string, hash = 'sha2-256'): boolean {
  const key = publicKeys.get(type)!;
  if (type === 'ed25519') return verify(null, data, key, sigBytes(signature));
  const opts = type.startsWith('rsa-') ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : key;
  return verify(NODE_HASH[hash], data, opts, sigBytes(signature));
}

describe('transit_sign', () => {
  it.each(KEY_TYPES.map((t) => [t]))('signs text with %s: node:crypto verifies it with the public key', async (type) => {
    const out = await runAction(transitSign, rootAuth(vault), { key: type, input: 'pay 10 € to Bob' });
    expect(out).toEqual({ signature: expect.stringMatching(/^vault:v1:[A-Za-z0-9+/]+=*$/), keyVersion: 1 });
    expect(nodeVerifies(type, Buffer.from('pay 10 € to Bob'), out.signature)).toBe(true);
    expect(nodeVerifies(type, Buffer.from('pay 99 € to Bob'), out.signature)).toBe(false);
  });

  it.each([['ecdsa-p256'], ['rsa-2048']])('signs base64 bytes with %s and a chosen hash algorithm', async (type) => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
    const out = await runAction(transitSign, rootAuth(vault), { key: type, input: bytes.toString('base64'), inputEncoding: 'base64', hashAlgorithm: 'sha2-512' });
    expect(nodeVerifies(type, bytes, out.signature, 'sha2-512')).toBe(true);
    expect(nodeVerifies(type, bytes, out.signature, 'sha2-256')).toBe(false);
  });

  it('ed25519 signs the same input the same way; ecdsa does not', async () => {
    const sign = (key: string) => runAction(transitSign, rootAuth(vault), { key, input: 'same' });
    expect((await sign('ed25519')).signature).toBe((await sign('ed25519')).signature);
    expect((await sign('ecdsa-p256')).signature).not.toBe((await sign('ecdsa-p256')).signature);
  });

  it('works on a multi-segment mount', async () => {
    const out = await runAction(transitSign, rootAuth(vault), { key: 'team', input: 'x', transitPath: '/crypto/team/' });
    expect(await runAction(transitVerify, rootAuth(vault), { key: 'team', input: 'x', signature: out.signature, transitPath: 'crypto/team' })).toEqual({ valid: true });
  });

  it('refuses input that is not base64 when told it is, naming the prop, before any request', async () => {
    vault.clearRequests();
    const err = await runFailing(transitSign, rootAuth(vault), { key: 'ed25519', input: 'not base64!', inputEncoding: 'base64' });
    expect(err.message).toMatch(/"input"/);
    expect(err.message).not.toContain('not base64!');
    expect(vault.requests).toEqual([]);
  });

  it('an encryption key cannot sign: Vault\'s reason is in the error', async () => {
    const err = await runFailing(transitSign, rootAuth(vault), { key: 'aes', input: 'x' });
    expect(err.message).toMatch(/does not support signing/);
  });
});

describe('transit_verify', () => {
  let signature: string;
  beforeAll(async () => {
    signature = (await runAction(transitSign, rootAuth(vault), { key: 'ecdsa-p256', input: 'the order' })).signature;
  });

  it('is valid for the signed input', async () => {
    expect(await runAction(transitVerify, rootAuth(vault), { key: 'ecdsa-p256', input: 'the order', signature })).toEqual({ valid: true });
  });

  it('a tampered input, a wrong or malformed signature, or another key\'s signature is valid: false, not an error', async () => {
    const check = (props: Record<string, unknown>) => runAction(transitVerify, rootAuth(vault), { key: 'ecdsa-p256', input: 'the order', signature, ...props });
    expect(await check({ input: 'the ordeR' })).toEqual({ valid: false, reason: 'the signature does not match the input' });
    const flipped = sigBytes(signature);
    flipped[flipped.length - 1] ^= 1;
    expect((await check({ signature: `vault:v1:${flipped.toString('base64')}` })).valid).toBe(false);
    expect(await check({ signature: 'not-a-signature' })).toEqual({ valid: false, reason: 'invalid signature: no prefix' });
    // values that are words of Vault's answer still read as "not valid"
    expect(await check({ signature: 'invalid' })).toEqual({ valid: false, reason: 'invalid signature: no prefix' });
    expect((await check({ input: 'signature', signature: 'vault:v1:prefix' })).valid).toBe(false);
    expect((await check({ signature: 'vault:v7:AAAA' })).valid).toBe(false);
    const other = (await runAction(transitSign, rootAuth(vault), { key: 'ed25519', input: 'the order' })).signature;
    expect((await check({ signature: other })).valid).toBe(false);
  });

  it('needs the hash algorithm the signature was made with', async () => {
    const s512 = (await runAction(transitSign, rootAuth(vault), { key: 'rsa-2048', input: 'doc', hashAlgorithm: 'sha2-512' })).signature;
    expect((await runAction(transitVerify, rootAuth(vault), { key: 'rsa-2048', input: 'doc', signature: s512, hashAlgorithm: 'sha2-512' })).valid).toBe(true);
    expect((await runAction(transitVerify, rootAuth(vault), { key: 'rsa-2048', input: 'doc', signature: s512 })).valid).toBe(false);
  });

  it('takes exactly one of signature and HMAC', async () => {
    expect((await runFailing(transitVerify, rootAuth(vault), { key: 'ecdsa-p256', input: 'x' })).message).toMatch(/exactly one/);
    expect((await runFailing(transitVerify, rootAuth(vault), { key: 'ecdsa-p256', input: 'x', signature, hmac: 'vault:v1:AAAA' })).message).toMatch(/exactly one/);
  });

  it('an unknown key is an error, not "not valid"', async () => {
    const err = await runFailing(transitVerify, rootAuth(vault), { key: 'nope', input: 'x', signature });
    expect(err.message).toMatch(/encryption key not found/);
  });
});

describe('transit_hmac', () => {
  let hmacKey: Buffer;
  beforeAll(async () => {
    hmacKey = Buffer.from((await root(vault, 'GET', 'transit/export/hmac-key/aes/1')).data.keys['1'], 'base64');
  });

  it('is the HMAC of the input with the key\'s HMAC key, and verifies', async () => {
    const out = await runAction(transitHmac, rootAuth(vault), { key: 'aes', input: 'webhook body' });
    expect(out).toEqual({ hmac: `vault:v1:${createHmac('sha256', hmacKey).update('webhook body').digest('base64')}`, keyVersion: 1 });
    expect(await runAction(transitVerify, rootAuth(vault), { key: 'aes', input: 'webhook body', hmac: out.hmac })).toEqual({ valid: true });
    expect(await runAction(transitVerify, rootAuth(vault), { key: 'aes', input: 'webhook bodY', hmac: out.hmac })).toEqual({ valid: false, reason: 'the HMAC does not match the input' });
    expect((await runAction(transitVerify, rootAuth(vault), { key: 'aes', input: 'x', hmac: 'garbage' })).valid).toBe(false);
  });

  it('with another algorithm, verified with the same one', async () => {
    const out = await runAction(transitHmac, rootAuth(vault), { key: 'aes', input: Buffer.from([1, 2, 3]).toString('base64'), inputEncoding: 'base64', algorithm: 'sha2-384' });
    expect(out.hmac).toBe(`vault:v1:${createHmac('sha384', hmacKey).update(Buffer.from([1, 2, 3])).digest('base64')}`);
    const verifyWith = (hashAlgorithm?: string) =>
      runAction(transitVerify, rootAuth(vault), { key: 'aes', input: 'AQID', inputEncoding: 'base64', hmac: out.hmac, hashAlgorithm });
    expect((await verifyWith('sha2-384')).valid).toBe(true);
    expect((await verifyWith()).valid).toBe(false);
  });

  it('refuses an algorithm Vault 1.8 does not have, naming the prop', async () => {
    expect((await runFailing(transitHmac, rootAuth(vault), { key: 'aes', input: 'x', algorithm: 'sha3-256' })).message).toMatch(/"algorithm"/);
  });
});

describe('generate_data_key', () => {
  it('returns only the encrypted key by default; it decrypts to a 256-bit key', async () => {
    const out = await runAction(generateDataKey, rootAuth(vault), { key: 'aes' });
    expect(Object.keys(out).sort()).toEqual(['ciphertext', 'keyVersion']);
    const key = (await root(vault, 'POST', 'transit/decrypt/aes', { ciphertext: out.ciphertext })).data.plaintext;
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });

  it.each([
    [128, 16],
    [512, 64],
  ])('returns the %i-bit plaintext key when asked, the same key the ciphertext holds', async (bits, bytes) => {
    const out = await runAction(generateDataKey, rootAuth(vault), { key: 'aes', plaintext: true, bits });
    expect(Buffer.from(out.plaintext, 'base64')).toHaveLength(bytes);
    expect((await root(vault, 'POST', 'transit/decrypt/aes', { ciphertext: out.ciphertext })).data.plaintext).toBe(out.plaintext);
  });

  it('refuses other sizes before any request, and a signing-only key with Vault\'s reason', async () => {
    vault.clearRequests();
    expect((await runFailing(generateDataKey, rootAuth(vault), { key: 'aes', bits: 100 })).message).toMatch(/"bits": Bits must be 128, 256 or 512/);
    expect(vault.requests).toEqual([]);
    expect((await runFailing(generateDataKey, rootAuth(vault), { key: 'ed25519' })).message).toMatch(/encryption not supported/);
  });

  it('with plaintext it is a read: refused on a write-only connection before any request; the wrapped key is allowed there', async () => {
    vault.clearRequests();
    const err = await runFailing(generateDataKey, rootAuth(vault, { accessMode: 'write_only' }), { key: 'aes', plaintext: true });
    expect((err as { kind?: string }).kind).toBe('access_denied_by_connection');
    expect(vault.requests).toEqual([]);
    expect((await runAction(generateDataKey, rootAuth(vault, { accessMode: 'write_only' }), { key: 'aes' })).ciphertext).toMatch(/^vault:v1:/);
    expect(Buffer.from((await runAction(generateDataKey, rootAuth(vault, { accessMode: 'read_only' }), { key: 'aes', plaintext: true })).plaintext, 'base64')).toHaveLength(32);
  });
});

describe('each action with only the policy the README gives it', () => {
  async function tokenWith(action: string, fill: Record<string, string>, pick?: number): Promise<string> {
    const hcl = readmePolicies(action, fill);
    const name = `readme-${action}-${pick ?? 0}`;
    await writePolicy(vault, name, pick === undefined ? hcl.join('\n') : hcl[pick]);
    return createToken(vault, { policies: [name] });
  }

  it('transit_sign, transit_verify and transit_hmac', async () => {
    const signer = tokenAuth(vault, await tokenWith('transit_sign', { key: 'ed25519' }));
    const { signature } = await runAction(transitSign, signer, { key: 'ed25519', input: 'p' });
    const verifier = tokenAuth(vault, await tokenWith('transit_verify', { key: 'ed25519' }));
    expect(await runAction(transitVerify, verifier, { key: 'ed25519', input: 'p', signature })).toEqual({ valid: true });
    expect((await runFailing(transitSign, verifier, { key: 'ed25519', input: 'p' })).message).toMatch(/403|permission/i);
    const hmacer = tokenAuth(vault, await tokenWith('transit_hmac', { key: 'aes' }));
    expect((await runAction(transitHmac, hmacer, { key: 'aes', input: 'p' })).hmac).toMatch(/^vault:v1:/);
  });

  it('generate_data_key: the wrapped path alone does not give the plaintext key', async () => {
    const wrapped = tokenAuth(vault, await tokenWith('generate_data_key', { key: 'aes' }, 0));
    expect((await runAction(generateDataKey, wrapped, { key: 'aes' })).ciphertext).toMatch(/^vault:v1:/);
    expect((await runFailing(generateDataKey, wrapped, { key: 'aes', plaintext: true })).message).toMatch(/403|permission/i);
    const plain = tokenAuth(vault, await tokenWith('generate_data_key', { key: 'aes' }, 1));
    expect(Buffer.from((await runAction(generateDataKey, plain, { key: 'aes', plaintext: true })).plaintext, 'base64')).toHaveLength(32);
  });
});

import { z } from 'zod';
import { isVaultError } from '../errors';
import { pathUnder } from '../paths';
import type { VaultRequester } from './requester';

const encryptAnswer = z.object({ data: z.object({ ciphertext: z.string().min(1) }) });
const decryptAnswer = z.object({ data: z.object({ plaintext: z.string() }) });
const keysAnswer = z.object({ data: z.object({ keys: z.array(z.string()).nullish() }) });
const signAnswer = z.object({ data: z.object({ signature: z.string().startsWith('vault:v') }) });
const hmacAnswer = z.object({ data: z.object({ hmac: z.string().startsWith('vault:v') }) });
const verifyAnswer = z.object({ data: z.object({ valid: z.boolean() }) });
const wrappedKeyData = z.object({ ciphertext: z.string().startsWith('vault:v'), key_version: z.number().int().nullish() });
const wrappedKeyAnswer = z.object({ data: wrappedKeyData });
const plaintextKeyAnswer = z.object({ data: wrappedKeyData.extend({ plaintext: z.string().min(1) }) });

/** The hash algorithms of Vault 1.8's transit sign, verify and hmac (`keysutil.HashTypeMap`). */
export const TRANSIT_HASH_ALGORITHMS = ['sha1', 'sha2-224', 'sha2-256', 'sha2-384', 'sha2-512'] as const;
export type TransitHashAlgorithm = (typeof TRANSIT_HASH_ALGORITHMS)[number];
export type DataKeyBits = 128 | 256 | 512;

/** A verification's outcome; `reason` says why a signature or HMAC is not valid, when Vault said. */
export interface Verification {
  valid: boolean;
  reason?: string;
}

export interface DataKey {
  /** The data key encrypted with the transit key (`vault:vN:...`): safe to store beside the data. */
  ciphertext: string;
  /** The data key itself (base64), a SECRET; only when asked for. */
  plaintext?: string;
  keyVersion?: number;
}

/**
 * Vault's 400 texts (1.8, keysutil and path_hmac.go) that judge the signature or HMAC given rather
 * than the request: the answer is "not valid", not a failure.
 */
const NOT_VALID = [
  /^invalid (signature|HMAC)\b/,
  /^supplied signature is invalid/,
  /^invalid base64 signature value/,
  /^unable to decode verification HMAC/,
  /^ciphertext or signature version is disallowed by policy/,
  /^cannot verify HMAC: version is too old/,
  /^no HMAC key exists for that key version/,
];

/** The key version a `vault:vN:...` value was made with. */
export function versionOf(value: string): number | undefined {
  const m = /^vault:v(\d{1,9}):/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * The transit secrets engine mounted at `<mount>` (e.g. `transit`, `crypto/team`). Every operation
 * is a POST that changes nothing in Vault: encrypt, sign, verify, HMAC and a wrapped data key reveal
 * nothing stored (`use_key`, every access mode); decrypt and a plaintext data key reveal a secret
 * (`read`).
 */
export class TransitEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'transit',
  ) {}

  /** Returns the ciphertext (`vault:v1:...`) of base64 plaintext. */
  async encrypt(key: string, plaintextBase64: string): Promise<string> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'encrypt', key),
      body: { plaintext: plaintextBase64 },
      schema: encryptAnswer,
      idempotent: true,
      access: 'use_key',
    });
    return res.body.data.ciphertext;
  }

  /** Returns the plaintext, base64 as Vault sends it (it may be binary). */
  async decrypt(key: string, ciphertext: string): Promise<string> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'decrypt', key),
      body: { ciphertext },
      schema: decryptAnswer,
      idempotent: true,
      access: 'read',
    });
    return res.body.data.plaintext;
  }

  /**
   * Key names, sorted; `[]` when the mount has none (Vault answers that with `404 {"errors":[]}`).
   * A path with no transit engine is a 404 naming the route: that `VaultError` (kind `not_found`,
   * Vault's message in `errors`) is thrown.
   */
  async listKeys(): Promise<string[]> {
    try {
      const res = await this.vault.request({
        method: 'LIST',
        path: pathUnder(this.mount, 'keys'),
        schema: keysAnswer,
        idempotent: true,
        access: 'read',
      });
      return [...(res.body.data.keys ?? [])].sort();
    } catch (e) {
      if (isVaultError(e) && e.kind === 'not_found' && e.errors.length === 0) return [];
      throw e;
    }
  }

  /**
   * Signs base64 input with an asymmetric key (`vault:vN:...`). ed25519 ignores the hash algorithm;
   * RSA signs with PSS, Vault's default.
   */
  async sign(key: string, inputBase64: string, opts: { hashAlgorithm?: TransitHashAlgorithm } = {}): Promise<string> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'sign', key),
      body: { input: inputBase64, ...(opts.hashAlgorithm ? { hash_algorithm: opts.hashAlgorithm } : {}) },
      schema: signAnswer,
      idempotent: true,
      access: 'use_key',
    });
    return res.body.data.signature;
  }

  /** Checks a signature made by `sign`; a wrong or malformed signature is `valid: false`. */
  verifySignature(key: string, inputBase64: string, signature: string, opts: { hashAlgorithm?: TransitHashAlgorithm } = {}): Promise<Verification> {
    return this.verify(key, { input: inputBase64, signature, ...(opts.hashAlgorithm ? { hash_algorithm: opts.hashAlgorithm } : {}) });
  }

  /**
   * Checks an HMAC made by `hmac`; a wrong or malformed HMAC is `valid: false`. Vault 1.8 reads an
   * HMAC's algorithm from `algorithm` (it ignores `hash_algorithm` there).
   */
  verifyHmac(key: string, inputBase64: string, hmac: string, opts: { algorithm?: TransitHashAlgorithm } = {}): Promise<Verification> {
    return this.verify(key, { input: inputBase64, hmac, ...(opts.algorithm ? { algorithm: opts.algorithm } : {}) });
  }

  private async verify(key: string, body: Record<string, string>): Promise<Verification> {
    try {
      const res = await this.vault.request({
        method: 'POST',
        path: pathUnder(this.mount, 'verify', key),
        body,
        schema: verifyAnswer,
        idempotent: true,
        access: 'use_key',
        // Vault's verify texts never echo the input or the signature, and scrubbing the values sent
        // would break them where a value is a word of theirs (a signature "invalid").
        publicBody: true,
      });
      return res.body.data.valid ? { valid: true } : { valid: false, reason: `the ${'hmac' in body ? 'HMAC' : 'signature'} does not match the input` };
    } catch (e) {
      const reason = isVaultError(e) && e.status === 400 ? e.errors.find((m) => NOT_VALID.some((re) => re.test(m))) : undefined;
      if (reason !== undefined) return { valid: false, reason };
      throw e;
    }
  }

  /** The HMAC (`vault:vN:...`) of base64 input with the key's HMAC key (any key type has one). */
  async hmac(key: string, inputBase64: string, opts: { algorithm?: TransitHashAlgorithm } = {}): Promise<string> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'hmac', key),
      body: { input: inputBase64, ...(opts.algorithm ? { algorithm: opts.algorithm } : {}) },
      schema: hmacAnswer,
      idempotent: true,
      access: 'use_key',
    });
    return res.body.data.hmac;
  }

  /**
   * A new data key for envelope encryption, encrypted with the transit key. With `plaintext` the
   * key itself comes back too, a secret (`read`: a write-only connection must not see it);
   * without, only its ciphertext (`use_key`).
   */
  async generateDataKey(key: string, opts: { plaintext: boolean; bits?: DataKeyBits }): Promise<DataKey> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'datakey', opts.plaintext ? 'plaintext' : 'wrapped', key),
      body: opts.bits ? { bits: opts.bits } : {},
      schema: opts.plaintext ? plaintextKeyAnswer : wrappedKeyAnswer,
      idempotent: true,
      access: opts.plaintext ? 'read' : 'use_key',
    });
    const d: z.infer<typeof wrappedKeyData> & { plaintext?: string } = res.body.data;
    const keyVersion = d.key_version ?? versionOf(d.ciphertext);
    return {
      ciphertext: d.ciphertext,
      ...(opts.plaintext ? { plaintext: d.plaintext } : {}),
      ...(keyVersion !== undefined ? { keyVersion } : {}),
    };
  }
}

/**
 * keysutil.Policy Encrypt / Decrypt / Sign / VerifySignature of Vault 1.8
 * (sdk/helper/keysutil/policy.go): `vault:vN:` values, the version rules and the user-error texts.
 * Each function returns its result or an error; `internal` errors are Go errors (500), the others 400.
 */
import { constants, createCipheriv, createDecipheriv, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, sign, verify } from 'node:crypto';
import type { KeyVersion, TransitKey } from './keys';
import { supports } from './keys';

export interface Failure {
  error: string;
  internal?: boolean;
}
const fail = (error: string, internal = false): Failure => ({ error, internal });

const AEAD: Record<string, string> = { 'aes128-gcm96': 'aes-128-gcm', 'aes256-gcm96': 'aes-256-gcm', 'chacha20-poly1305': 'chacha20-poly1305' };

function encryptionVersion(k: TransitKey, requested: number): number | Failure {
  if (requested === 0) return k.versions.length;
  if (requested < 0) return fail('requested version for encryption is negative');
  if (requested > k.versions.length) return fail('requested version for encryption is higher than the latest key version');
  if (requested < k.minEncryptionVersion) return fail('requested version for encryption is less than the minimum encryption key version');
  return requested;
}

/** `plaintext` is already base64-checked by the caller, as path_encrypt.go does. */
export function encrypt(k: TransitKey, plaintext: Buffer, requestedVersion: number): { ciphertext: string; version: number } | Failure {
  if (!supports.encryption(k.type)) return fail(`message encryption not supported for key type ${k.type}`);
  const version = encryptionVersion(k, requestedVersion);
  if (typeof version !== 'number') return version;
  const entry = k.versions[version - 1];
  let raw: Buffer;
  if (entry.secret) {
    const iv = randomBytes(12);
    const cipher = createCipheriv(AEAD[k.type] as 'aes-256-gcm', entry.secret, iv, { authTagLength: 16 });
    raw = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  } else {
    try {
      raw = publicEncrypt({ key: createPublicKey(entry.privateKey!), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plaintext);
    } catch {
      return fail('failed to RSA encrypt the plaintext: crypto/rsa: message too long for RSA public key size', true);
    }
  }
  return { ciphertext: `vault:v${version}:${raw.toString('base64')}`, version };
}

/** Splits `vault:vN:payload` with the texts of Policy.Decrypt / VerifySignature. */
function parseValue(k: TransitKey, value: string, what: 'ciphertext' | 'signature'): { entry: KeyVersion; payload: string } | Failure {
  if (!value.startsWith('vault:v')) return fail(`invalid ${what}: no prefix`);
  const rest = value.slice('vault:v'.length);
  const colon = rest.indexOf(':');
  if (colon === -1) return fail(`invalid ${what}: wrong number of fields`);
  const versionText = rest.slice(0, colon);
  if (!/^[+-]?\d+$/.test(versionText)) return fail(`invalid ${what}: version number could not be decoded`);
  const version = Math.max(Number(versionText), 1); // v0 is read as v1 (the first implementation counted from 0)
  if (version > k.versions.length) return fail(`invalid ${what}: version is too new`);
  if (k.minDecryptionVersion > 0 && version < k.minDecryptionVersion) return fail('ciphertext or signature version is disallowed by policy (too old)');
  return { entry: k.versions[version - 1], payload: rest.slice(colon + 1) };
}

const STRICT_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decrypt(k: TransitKey, ciphertext: string): { plaintext: string } | Failure {
  if (!supports.encryption(k.type)) return fail(`message decryption not supported for key type ${k.type}`);
  const parsed = parseValue(k, ciphertext, 'ciphertext');
  if ('error' in parsed) return parsed;
  if (!STRICT_B64.test(parsed.payload)) return fail('invalid ciphertext: could not decode base64');
  const raw = Buffer.from(parsed.payload, 'base64');
  const { entry } = parsed;
  if (!entry.secret) {
    try {
      const plain = privateDecrypt({ key: entry.privateKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, raw);
      return { plaintext: plain.toString('base64') };
    } catch {
      return fail('failed to RSA decrypt the ciphertext: crypto/rsa: decryption error', true);
    }
  }
  // Shorter than a nonce is the caller's mistake (400); anything aead.Open rejects is a Go error (500),
  // whichever key the ciphertext was made with.
  if (raw.length < 12) return fail('invalid ciphertext length');
  const opened = raw.length < 28 ? undefined : openAead(k, entry.secret, raw);
  return opened ? { plaintext: opened.toString('base64') } : fail('cipher: message authentication failed', true);
}

function openAead(k: TransitKey, secret: Buffer, raw: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv(AEAD[k.type] as 'aes-256-gcm', secret, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

const HASHES: Record<string, string> = { 'sha1': 'sha1', 'sha2-224': 'sha224', 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512' };
export const isHashAlgorithm = (h: string) => h in HASHES;

function signOptions(k: TransitKey, signatureAlgorithm: string) {
  if (k.type.startsWith('rsa-')) {
    return signatureAlgorithm === 'pkcs1v15'
      ? { padding: constants.RSA_PKCS1_PADDING }
      : { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO };
  }
  return {};
}

/** Ed25519 signs the input itself; ECDSA and RSA sign its hash (ECDSA signatures in ASN.1). */
export function signInput(k: TransitKey, input: Buffer, requestedVersion: number, hash: string, signatureAlgorithm: string): { signature: string; version: number } | Failure {
  let version = requestedVersion;
  if (version === 0) version = k.versions.length;
  else if (version < 0) return fail('requested version for signing is negative');
  else if (version > k.versions.length) return fail('requested version for signing is higher than the latest key version');
  if (k.minEncryptionVersion > 0 && version < k.minEncryptionVersion) return fail('requested version for signing is less than the minimum encryption key version');
  if (signatureAlgorithm && signatureAlgorithm !== 'pss' && signatureAlgorithm !== 'pkcs1v15' && k.type.startsWith('rsa-'))
    return fail(`unsupported rsa signature algorithm ${signatureAlgorithm}`);
  const key = k.versions[version - 1].privateKey!;
  const sig = k.type === 'ed25519' ? sign(null, input, key) : sign(HASHES[hash], input, { key, ...signOptions(k, signatureAlgorithm) });
  return { signature: `vault:v${version}:${sig.toString('base64')}`, version };
}

export function verifyInput(k: TransitKey, input: Buffer, signature: string, hash: string, signatureAlgorithm: string): boolean | Failure {
  const parsed = parseValue(k, signature, 'signature');
  if ('error' in parsed) return parsed;
  if (!STRICT_B64.test(parsed.payload)) return fail('invalid base64 signature value');
  const sig = Buffer.from(parsed.payload, 'base64');
  const key = createPublicKey(parsed.entry.privateKey!);
  try {
    if (k.type === 'ed25519') return verify(null, input, key, sig);
    return verify(HASHES[hash], input, { key, ...signOptions(k, signatureAlgorithm) }, sig);
  } catch {
    return k.type.startsWith('ecdsa-') ? fail('supplied signature is invalid') : false;
  }
}

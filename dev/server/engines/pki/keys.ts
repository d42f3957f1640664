import { createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export type KeyType = 'rsa' | 'ec';

const CURVES: Record<number, string> = { 224: 'secp224r1', 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' };
const CURVE_BITS: Record<string, number> = { secp224r1: 224, prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** The default size for a key type when none (or 0) is given. */
export const defaultKeyBits = (type: string): number => (type === 'ec' ? 256 : type === 'rsa' ? 2048 : 0);

/** Vault's validateKeyTypeLength (builtin/logical/pki/cert_util.go); a message for a 400, or undefined. */
export function keyTypeError(type: string, bitsCount: number): string | undefined {
  switch (type) {
    case 'rsa':
      return [2048, 3072, 4096, 8192].includes(bitsCount) ? undefined : `unsupported bit length for RSA key: ${bitsCount}`;
    case 'ec':
      return CURVES[bitsCount] ? undefined : `unsupported bit length for EC key: ${bitsCount}`;
    case 'any':
      return undefined;
    default:
      return `unknown key type ${type}`;
  }
}

export interface KeyPair {
  type: KeyType;
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo DER. */
  spki: Buffer;
}

/** Native key generation on the thread pool: RSA 2048 takes tens of milliseconds instead of seconds in JS. */
export async function newKeyPair(type: KeyType, bitsCount: number): Promise<KeyPair> {
  const { privateKey, publicKey } =
    type === 'ec' ? await generate('ec', { namedCurve: CURVES[bitsCount] }) : await generate('rsa', { modulusLength: bitsCount });
  return { type, privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

/** The key of a SubjectPublicKeyInfo: its type and size in bits. */
export function describePublicKey(spki: Buffer): { type: string; bits: number } {
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? 'unknown';
  const size = type === 'ec' ? CURVE_BITS[details.namedCurve ?? ''] ?? 0 : details.modulusLength ?? 0;
  return { type, bits: size };
}

/**
 * The private key as Vault returns it: PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) by default,
 * PKCS#8 with private_key_format=pkcs8; PEM, or base64 DER with format=der.
 */
export function exportPrivateKey(key: KeyObject, pkcs8: boolean, der: boolean): string {
  const type = pkcs8 ? 'pkcs8' : key.asymmetricKeyType === 'ec' ? 'sec1' : 'pkcs1';
  if (der) return (key.export({ type, format: 'der' }) as Buffer).toString('base64');
  return (key.export({ type, format: 'pem' }) as string).trim();
}

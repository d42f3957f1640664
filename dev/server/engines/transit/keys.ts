/**
 * Transit key material per type, as Vault 1.8's keysutil.Policy holds it (sdk/helper/keysutil/policy.go):
 * what each type supports, one entry per version, and the public/exported forms of
 * builtin/logical/transit/path_keys.go and path_export.go.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { vaultTime } from '../../util/clock';

export const KEY_TYPES = ['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

const SYMMETRIC = new Set<string>(['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305']);
const isRsa = (t: string) => t.startsWith('rsa-');
const isEcdsa = (t: string) => t.startsWith('ecdsa-');

export const supports = {
  encryption: (t: string) => SYMMETRIC.has(t) || isRsa(t),
  signing: (t: string) => isEcdsa(t) || t === 'ed25519' || isRsa(t),
  derivation: (t: string) => SYMMETRIC.has(t) || t === 'ed25519',
};

export interface KeyVersion {
  createdMs: number;
  hmacKey: Buffer;
  /** Symmetric keys. */
  secret?: Buffer;
  /** Asymmetric keys. */
  privateKey?: KeyObject;
}

export interface TransitKey {
  name: string;
  type: KeyType;
  versions: KeyVersion[];
  deletionAllowed: boolean;
  exportable: boolean;
  allowPlaintextBackup: boolean;
  derived: boolean;
  minDecryptionVersion: number;
  minEncryptionVersion: number;
}

const CURVES: Record<string, string> = { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-p521': 'P-521' };

export function newVersion(type: KeyType, nowMs: number): KeyVersion {
  const base = { createdMs: nowMs, hmacKey: randomBytes(32) };
  if (SYMMETRIC.has(type)) return { ...base, secret: randomBytes(type === 'aes128-gcm96' ? 16 : 32) };
  if (type === 'ed25519') return { ...base, privateKey: generateKeyPairSync('ed25519').privateKey };
  if (isEcdsa(type)) return { ...base, privateKey: generateKeyPairSync('ec', { namedCurve: CURVES[type] }).privateKey };
  return { ...base, privateKey: generateKeyPairSync('rsa', { modulusLength: Number(type.slice(4)) }).privateKey };
}

/** The `keys` map of a key read: creation seconds (symmetric) or name/public key/creation time. */
export function keysJson(k: TransitKey): Record<string, unknown> {
  return Object.fromEntries(
    k.versions.map((v, i) => {
      if (v.secret) return [String(i + 1), Math.floor(v.createdMs / 1000)];
      // ed25519: the raw key in base64; the others PEM (PKIX)
      const publicKey =
        k.type === 'ed25519'
          ? Buffer.from(v.privateKey!.export({ format: 'jwk' }).x as string, 'base64url').toString('base64')
          : createPublicKey(v.privateKey!).export({ format: 'pem', type: 'spki' }).toString();
      const name = k.type === 'ed25519' ? 'ed25519' : isEcdsa(k.type) ? CURVES[k.type] : k.type;
      return [String(i + 1), { name, public_key: publicKey, creation_time: vaultTime(v.createdMs) }];
    }),
  );
}

/** path_export.go getExportKey: the key of one version in the exported form of `exportType`. */
export function exportKey(k: TransitKey, v: KeyVersion, exportType: string): string {
  if (exportType === 'hmac-key') return v.hmacKey.toString('base64');
  if (v.secret) return v.secret.toString('base64');
  const key = v.privateKey!;
  if (k.type === 'ed25519') {
    const jwk = key.export({ format: 'jwk' });
    return Buffer.concat([Buffer.from(jwk.d as string, 'base64url'), Buffer.from(jwk.x as string, 'base64url')]).toString('base64');
  }
  if (isEcdsa(k.type)) return key.export({ format: 'pem', type: 'sec1' }).toString().trimEnd();
  return key.export({ format: 'pem', type: 'pkcs1' }).toString();
}

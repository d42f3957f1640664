/**
 * OpenSSH keys and certificates for tests, written from PROTOCOL.certkeys independently of the dev
 * server's code: an `authorized_keys` line for a node:crypto public key, and a certificate parser
 * that also checks the CA's signature with node:crypto. `sshKeygenList` runs `ssh-keygen -L` when
 * the machine has it (it re-checks the signature itself).
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function str(b: Buffer | string): Buffer {
  const bytes = typeof b === 'string' ? Buffer.from(b) : b;
  return Buffer.concat([u32(bytes.length), bytes]);
}

function mpint(b: Buffer): Buffer {
  return str(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** `ssh-ed25519 AAAA... comment` or `ssh-rsa AAAA... comment` for a node:crypto public key. */
export function authorizedKeyLine(publicKey: KeyObject, comment = 'test@example'): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const b = (s?: string) => Buffer.from(s ?? '', 'base64url');
  const blob =
    jwk.kty === 'OKP' ? Buffer.concat([str('ssh-ed25519'), str(b(jwk.x))]) : Buffer.concat([str('ssh-rsa'), mpint(b(jwk.e)), mpint(b(jwk.n))]);
  const type = jwk.kty === 'OKP' ? 'ssh-ed25519' : 'ssh-rsa';
  return `${type} ${blob.toString('base64')} ${comment}`;
}

/** A fresh Ed25519 key pair: the private key stays in the test; the line goes to Vault. */
export function newEd25519Key(): { line: string; publicKey: KeyObject } {
  const { publicKey } = generateKeyPairSync('ed25519');
  return { line: authorizedKeyLine(publicKey), publicKey };
}

class Reader {
  at = 0;
  constructor(readonly buf: Buffer) {}
  take(n: number): Buffer {
    if (this.at + n > this.buf.length) throw new Error('certificate: short read');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u32(): number {
    return this.take(4).readUInt32BE();
  }
  u64(): bigint {
    return this.take(8).readBigUInt64BE();
  }
  bytes(): Buffer {
    return this.take(this.u32());
  }
  text(): string {
    return this.bytes().toString('utf8');
  }
}

function readList(buf: Buffer): string[] {
  const r = new Reader(buf);
  const out: string[] = [];
  while (r.at < buf.length) out.push(r.text());
  return out;
}

function readOptions(buf: Buffer): Record<string, string> {
  const r = new Reader(buf);
  const out: Record<string, string> = {};
  while (r.at < buf.length) {
    const name = r.text();
    const data = r.bytes();
    out[name] = data.length === 0 ? '' : new Reader(data).text();
  }
  return out;
}

/** The CA's public key blob as a node:crypto key (Ed25519, RSA or ECDSA). */
function caKeyOf(blob: Buffer): { type: string; key: KeyObject } {
  const r = new Reader(blob);
  const type = r.text();
  const b64 = (b: Buffer) => b.toString('base64url');
  const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
  if (type === 'ssh-ed25519') return { type, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64(r.bytes()) }, format: 'jwk' }) };
  if (type === 'ssh-rsa') {
    const e = strip(r.bytes());
    const n = strip(r.bytes());
    return { type, key: createPublicKey({ key: { kty: 'RSA', e: b64(e), n: b64(n) }, format: 'jwk' }) };
  }
  const crv = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' }[r.text()] ?? '';
  const q = r.bytes();
  const half = (q.length - 1) / 2;
  return { type, key: createPublicKey({ key: { kty: 'EC', crv, x: b64(q.subarray(1, 1 + half)), y: b64(q.subarray(1 + half)) }, format: 'jwk' }) };
}

const HASHES: Record<string, string | null> = {
  'ssh-ed25519': null,
  'ssh-rsa': 'sha1',
  'rsa-sha2-256': 'sha256',
  'rsa-sha2-512': 'sha512',
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
};

function signatureValid(ca: { type: string; key: KeyObject }, signature: Buffer, signed: Buffer): { algorithm: string; valid: boolean } {
  const r = new Reader(signature);
  const algorithm = r.text();
  const sig = r.bytes();
  const hash = HASHES[algorithm];
  if (hash === undefined) return { algorithm, valid: false };
  if (algorithm.startsWith('ecdsa')) {
    const inner = new Reader(sig);
    const [rr, ss] = [inner.bytes(), inner.bytes()].map((b) => (b[0] === 0 ? b.subarray(1) : b));
    const size = Math.ceil({ 'ecdsa-sha2-nistp256': 256, 'ecdsa-sha2-nistp384': 384, 'ecdsa-sha2-nistp521': 521 }[algorithm]! / 8);
    const p1363 = Buffer.concat([Buffer.alloc(size - rr.length), rr, Buffer.alloc(size - ss.length), ss]);
    return { algorithm, valid: verify(hash, signed, { key: ca.key, dsaEncoding: 'ieee-p1363' }, p1363) };
  }
  return { algorithm, valid: verify(hash, signed, ca.key, sig) };
}

export interface ParsedCertificate {
  type: string;
  /** The certified key, as an `authorized_keys` blob (base64), to compare with the key sent. */
  keyBlob: string;
  serial: bigint;
  certType: 'user' | 'host';
  keyId: string;
  principals: string[];
  validAfter: Date;
  validBefore: Date;
  criticalOptions: Record<string, string>;
  extensions: Record<string, string>;
  caType: string;
  signatureAlgorithm: string;
  /** The signature checks out against the CA key the certificate names. */
  signatureValid: boolean;
}

/** Parses `<type>-cert-v01@openssh.com AAAA...` (the line Vault's `signed_key` holds). */
export function parseCertificate(line: string): ParsedCertificate {
  const [type, b64] = line.trim().split(/\s+/);
  const blob = Buffer.from(b64, 'base64');
  const r = new Reader(blob);
  if (r.text() !== type || !type.endsWith('-cert-v01@openssh.com')) throw new Error(`certificate: not an OpenSSH certificate (${type})`);
  const keyType = type.replace('-cert-v01@openssh.com', '');
  r.bytes(); // nonce
  const keyStart = r.at;
  if (keyType === 'ssh-ed25519') r.bytes();
  else if (keyType === 'ssh-rsa') (r.bytes(), r.bytes());
  else (r.bytes(), r.bytes());
  const keyBlob = Buffer.concat([str(keyType), blob.subarray(keyStart, r.at)]).toString('base64');
  const serial = r.u64();
  const certTypeNumber = r.u32();
  const keyId = r.text();
  const principals = readList(r.bytes());
  const validAfter = new Date(Number(r.u64()) * 1000);
  const validBefore = new Date(Number(r.u64()) * 1000);
  const criticalOptions = readOptions(r.bytes());
  const extensions = readOptions(r.bytes());
  r.bytes(); // reserved
  const ca = caKeyOf(r.bytes());
  const signedLength = r.at;
  const signature = r.bytes();
  if (r.at !== blob.length) throw new Error('certificate: trailing bytes');
  const checked = signatureValid(ca, signature, blob.subarray(0, signedLength));
  return {
    type,
    keyBlob,
    serial,
    certType: certTypeNumber === 1 ? 'user' : 'host',
    keyId,
    principals,
    validAfter,
    validBefore,
    criticalOptions,
    extensions,
    caType: ca.type,
    signatureAlgorithm: checked.algorithm,
    signatureValid: checked.valid,
  };
}

/** Whether `ssh-keygen` can be run here. */
export function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // It prints its usage and exits 1: present. Not found: ENOENT.
    return (e as { code?: string }).code !== 'ENOENT';
  }
}

/** `ssh-keygen -L -f` of a certificate line (it verifies the CA signature while reading). */
export function sshKeygenList(line: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssh-cert-'));
  try {
    const file = join(dir, 'id-cert.pub');
    writeFileSync(file, line);
    return execFileSync('ssh-keygen', ['-L', '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

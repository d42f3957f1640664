/**
 * RFC 6238 time-based one-time passwords as Vault 1.8's TOTP engine computes them (github.com/pquerna/otp
 * v1.3: HOTP over `floor(unix / period)`, the secret in base32 with padding and case forgiven), and
 * Go's base32 decoding with its error texts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
const HASH: Record<TotpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

export interface TotpParams {
  /** The seed as stored: base32, maybe lowercase or unpadded. */
  key: string;
  period: number;
  digits: 6 | 8;
  algorithm: TotpAlgorithm;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base32.StdEncoding.EncodeToString without padding (pquerna's secret in a generated URL). */
export function base32NoPadding(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * base32.StdEncoding.DecodeString (newlines skipped): the bytes, or Go's text
 * `illegal base32 data at input byte N`.
 */
export function goBase32Decode(input: string): Buffer | string {
  const src = input.replace(/[\r\n]/g, '');
  const corrupt = (at: number) => `illegal base32 data at input byte ${at}`;
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    const quantum: number[] = [];
    let end = false;
    for (let j = 0; j < 8; ) {
      if (i === src.length) return corrupt(i - j);
      const c = src[i++];
      const left = src.length - i;
      if (c === '=' && j >= 2 && left < 8) {
        if (left + j < 7) return corrupt(src.length);
        for (let k = 0; k < 7 - j; k++) if (k < left && src[i + k] !== '=') return corrupt(i + k - 1);
        if (j === 1 || j === 3 || j === 6) return corrupt(i - 1);
        end = true;
        break;
      }
      const v = ALPHABET.indexOf(c);
      if (v === -1) return corrupt(i - 1);
      quantum.push(v);
      j++;
    }
    let value = 0n;
    for (let j = 0; j < 8; j++) value = (value << 5n) | BigInt(quantum[j] ?? 0);
    const bytes = [4, 3, 2, 1, 0].map((s) => Number((value >> BigInt(s * 8)) & 0xffn));
    const keep = [0, 0, 1, 0, 2, 3, 0, 4, 5][quantum.length];
    out.push(...bytes.slice(0, keep));
    if (end) break;
  }
  return Buffer.from(out);
}

/** The seed's bytes as pquerna reads it: trimmed, padded with `=` to a multiple of 8, upper-cased. */
export function seedBytes(key: string): Buffer | string {
  let s = key.trim();
  if (s.length % 8 !== 0) s += '='.repeat(8 - (s.length % 8));
  return goBase32Decode(s.toUpperCase());
}

/** The HOTP value of one counter (RFC 4226 dynamic truncation), zero-padded to `digits`. */
function hotp(seed: Buffer, counter: number, p: TotpParams): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const sum = createHmac(HASH[p.algorithm], seed).update(msg).digest();
  const offset = sum[sum.length - 1] & 0xf;
  const value = sum.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 10 ** p.digits).padStart(p.digits, '0');
}

/** The code for the instant `unixSeconds`, or why the seed cannot be read. */
export function totpCode(p: TotpParams, unixSeconds: number): string | { error: string } {
  const seed = seedBytes(p.key);
  if (typeof seed === 'string') return { error: seed };
  return hotp(seed, Math.floor(unixSeconds / p.period), p);
}

/**
 * pquerna's totp.ValidateCustom: the current period, then `skew` periods after and before. A code
 * of the wrong length is simply not valid (Vault ignores that error).
 */
export function totpValid(p: TotpParams, skew: number, code: string, unixSeconds: number): boolean {
  const seed = seedBytes(p.key);
  if (typeof seed === 'string') return false;
  const given = Buffer.from(code.trim());
  if (given.length !== p.digits) return false;
  const counter = Math.floor(unixSeconds / p.period);
  const counters = [counter];
  for (let i = 1; i <= skew; i++) counters.push(counter + i, counter - i);
  return counters.some((c) => c >= 0 && timingSafeEqual(Buffer.from(hotp(seed, c, p)), given));
}

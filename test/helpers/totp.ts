/**
 * RFC 6238 computed in the tests, independently of the dev server: the code of a base32 seed at a
 * given instant, and the seed read back from an `otpauth://` URL.
 */
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const bits = text
    .toUpperCase()
    .replace(/=+$/, '')
    .split('')
    .map((c) => {
      const v = ALPHABET.indexOf(c);
      if (v < 0) throw new Error('not base32');
      return v.toString(2).padStart(5, '0');
    })
    .join('');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

export function base32Encode(bytes: Buffer): string {
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => ALPHABET[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
}

export interface TotpSpec {
  seed: string;
  period?: number;
  digits?: number;
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
}

export function totpAt(spec: TotpSpec, unixSeconds: number): string {
  const digits = spec.digits ?? 6;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / (spec.period ?? 30))));
  const mac = createHmac((spec.algorithm ?? 'SHA1').replace('SHA', 'sha'), base32Decode(spec.seed)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** The codes of every period from `fromSeconds` to `toSeconds`: what a server asked in between may answer. */
export function totpCodesBetween(spec: TotpSpec, fromSeconds: number, toSeconds: number): string[] {
  const period = spec.period ?? 30;
  const codes: string[] = [];
  for (let t = fromSeconds; t <= toSeconds + period; t += period) codes.push(totpAt(spec, Math.min(t, toSeconds)));
  return [...new Set(codes)];
}

/** The seed and parameters of an `otpauth://totp/...` URL. */
export function specOfUrl(url: string): TotpSpec & { issuer?: string; label: string } {
  const u = new URL(url);
  const q = u.searchParams;
  return {
    seed: q.get('secret') ?? '',
    period: q.get('period') ? Number(q.get('period')) : undefined,
    digits: q.get('digits') ? Number(q.get('digits')) : undefined,
    algorithm: (q.get('algorithm') as TotpSpec['algorithm']) ?? undefined,
    issuer: q.get('issuer') ?? undefined,
    label: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

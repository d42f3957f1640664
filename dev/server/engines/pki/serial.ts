import { randomBytes } from 'node:crypto';

/** certutil.GenerateSerialNumber: a random positive integer below 2^159. */
export function newSerial(): Buffer {
  const b = randomBytes(20);
  b[0] &= 0x7f;
  let start = 0;
  while (start < b.length - 1 && b[start] === 0) start++;
  return b.subarray(start);
}

/** certutil.GetHexFormatted(serial.Bytes(), ":"): lowercase hex pairs joined with colons. */
export const formatSerial = (magnitude: Buffer): string => (magnitude.toString('hex').match(/../g) ?? ['00']).join(':');

/** A serial as users type it (colons or hyphens, any case) in the canonical colon form; undefined if not hex. */
export function normalizeSerial(input: string): string | undefined {
  const s = input.trim().toLowerCase().replace(/-/g, ':');
  return /^[0-9a-f]{2}(:[0-9a-f]{2})*$/.test(s) ? s : undefined;
}

export const serialBytes = (colon: string): Buffer => Buffer.from(colon.replace(/:/g, ''), 'hex');

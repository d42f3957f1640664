import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}

export const uuid = (): string => randomUUID();
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
export const serviceTokenId = (): string => `s.${randomAlnum(24)}`;
export const batchTokenId = (): string => `b.${randomAlnum(88)}`;
export const accessorId = (): string => randomAlnum(24);

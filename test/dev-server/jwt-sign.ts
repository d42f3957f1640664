/** Signs test JWTs with node:crypto (RS256 / ES256). */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestKey {
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicPem: string;
}

export function newKey(alg: 'RS256' | 'ES256'): TestKey {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { alg, privateKey: pair.privateKey, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function signJwt(key: TestKey, claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: key.alg, typ: 'JWT' })}.${enc(claims)}`;
  const sig =
    key.alg === 'RS256'
      ? sign('sha256', Buffer.from(input), key.privateKey)
      : sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

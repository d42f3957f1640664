import { createPublicKey, verify } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Splits and decodes a compact JWS; returns an error text instead of throwing. */
export function decodeJwt(token: string): DecodedJwt | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'token is not a valid JWT: expected 3 parts';
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') return 'token is not a valid JWT';
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return 'token is not a valid JWT: malformed base64 or JSON';
  }
}

/** True when one of the PEM public keys (or certificates) verifies an RS256/ES256 signature. */
export function verifyJwtSignature(jwt: DecodedJwt, pems: string[]): boolean {
  const alg = jwt.header.alg;
  if (alg !== 'RS256' && alg !== 'ES256') return false;
  for (const pem of pems) {
    try {
      const key = createPublicKey(pem);
      const ok =
        alg === 'RS256'
          ? verify('sha256', Buffer.from(jwt.signingInput), key, jwt.signature)
          : verify('sha256', Buffer.from(jwt.signingInput), { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
      if (ok) return true;
    } catch {
      // a key of the wrong type for this alg: try the next one
    }
  }
  return false;
}

/** exp/nbf checks with a leeway in seconds; returns Vault-style error text or undefined. */
export function checkTimes(claims: Record<string, unknown>, nowSec: number, leeway = 0): string | undefined {
  if (typeof claims.exp === 'number' && nowSec > claims.exp + leeway) return 'validation failed, token is expired (exp)';
  if (typeof claims.nbf === 'number' && nowSec < claims.nbf - leeway) return 'validation failed, token not valid yet (nbf)';
  return undefined;
}

/** Vault's glob match for bound names: `*` anywhere matches any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

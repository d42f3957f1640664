/**
 * JWT validation as hashicorp/cap jwt.Validator.Validate does it for vault-plugin-auth-jwt
 * (cap/jwt/jwt.go, keyset.go): signature first, then the alg header, iss, sub, aud, and the
 * times with cap's leeway rules. Errors are cap's texts; the plugin prefixes "error validating token: ".
 */
import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export const SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

/** Splits and decodes a compact JWS; returns go-jose's error text instead of throwing. */
export function decodeJwt(token: string): DecodedJwt | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'square/go-jose: compact JWS format must have three parts';
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') return 'square/go-jose: error in cryptographic primitive';
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return 'square/go-jose: error in cryptographic primitive';
  }
}

function verifyWith(jwt: DecodedJwt, key: KeyObject): boolean {
  const alg = String(jwt.header.alg);
  const data = Buffer.from(jwt.signingInput);
  const bits = alg.slice(2);
  try {
    if (alg === 'EdDSA') return key.asymmetricKeyType === 'ed25519' && verify(null, data, key, jwt.signature);
    if (alg.startsWith('RS')) return key.asymmetricKeyType === 'rsa' && verify(`sha${bits}`, data, key, jwt.signature);
    if (alg.startsWith('PS'))
      return key.asymmetricKeyType === 'rsa' && verify(`sha${bits}`, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
    if (alg.startsWith('ES')) return key.asymmetricKeyType === 'ec' && verify(`sha${bits}`, data, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
  } catch {
    return false;
  }
  return false;
}

export interface Expected {
  issuer: string;
  subject: string;
  audiences: string[];
  /** Empty: every supported algorithm (the plugin's default when jwt_supported_algs is unset). */
  algorithms: string[];
  /** Seconds as stored on the role: 0 = cap's default (150/150/60), negative = none. */
  expirationLeeway: number;
  notBeforeLeeway: number;
  clockSkewLeeway: number;
  nowSec: number;
}

const leeway = (v: number, dflt: number) => (v < 0 ? 0 : v === 0 ? dflt : v);
const num = (v: unknown) => (typeof v === 'number' ? Math.trunc(v) : 0);

/** The verified claims, or cap's error text. */
export function validateJwt(token: string, pems: string[], want: Expected): Record<string, unknown> | string {
  const jwt = decodeJwt(token);
  if (typeof jwt === 'string') return `error verifying token signature: ${jwt}`;
  const keys = pems.map((p) => createPublicKey(p));
  if (!keys.some((k) => verifyWith(jwt, k))) return 'error verifying token signature: no known key successfully validated the token signature';
  const algs = want.algorithms.length ? want.algorithms : SUPPORTED_ALGS;
  if (!algs.includes(String(jwt.header.alg))) return 'invalid algorithm (alg) header parameter: token signed with unexpected algorithm';
  const c = jwt.claims;
  if (want.issuer && c.iss !== want.issuer) return 'invalid issuer (iss) claim';
  if (want.subject && c.sub !== want.subject) return 'invalid subject (sub) claim';
  const aud = Array.isArray(c.aud) ? c.aud.map(String) : typeof c.aud === 'string' ? [c.aud] : [];
  if (want.audiences.length && !want.audiences.some((a) => aud.includes(a))) return 'invalid audience (aud) claim: audience claim does not match any expected audience';
  const iat = num(c.iat);
  let exp = num(c.exp);
  let nbf = num(c.nbf);
  if (iat === 0 && exp === 0 && nbf === 0) return 'no issued at (iat), not before (nbf), or expiration time (exp) claims in token';
  if (exp === 0) exp = Math.max(iat, nbf) + leeway(want.expirationLeeway, 150);
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - leeway(want.notBeforeLeeway, 150);
  const skew = leeway(want.clockSkewLeeway, 60);
  if (want.nowSec + skew < nbf) return 'invalid not before (nbf) claim: token not yet valid';
  if (want.nowSec - skew > exp) return 'invalid expiration time (exp) claim: token is expired';
  if (iat !== 0 && want.nowSec + skew < iat) return 'invalid issued at (iat) claim: token issued in the future';
  return c;
}

/** exp/nbf checks with a leeway in seconds (Kubernetes auth); returns an error text or undefined. */
export function checkTimes(claims: Record<string, unknown>, nowSec: number, leewaySec = 0): string | undefined {
  if (typeof claims.exp === 'number' && nowSec > claims.exp + leewaySec) return 'validation failed, token is expired (exp)';
  if (typeof claims.nbf === 'number' && nowSec < claims.nbf - leewaySec) return 'validation failed, token not valid yet (nbf)';
  return undefined;
}

/** True when one of the PEM public keys (or certificates) verifies the signature (Kubernetes auth). */
export function verifyJwtSignature(jwt: DecodedJwt, pems: string[]): boolean {
  return pems.some((p) => {
    try {
      return verifyWith(jwt, createPublicKey(p));
    } catch {
      return false;
    }
  });
}

/** Vault's glob match for bound names: `*` anywhere matches any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

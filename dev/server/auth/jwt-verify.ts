/**
 * JWT validation as hashicorp/cap jwt.Validator.Validate does it for vault-plugin-auth-jwt
 * (cap/jwt/jwt.go, keyset.go): signature first, then the alg header, iss, sub, aud, and the
 * times with cap's leeway rules. Errors are cap's texts; the plugin prefixes "error validating token: ".
 */
import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import { goRawUrlBase64Decode } from '../util/go-base64';
import { goJsonSyntaxError } from '../util/go-json';

export interface DecodedJwt {
  header: Record<string, unknown>;
  /** Empty when the payload is not a JSON object (see claimsError). */
  claims: Record<string, unknown>;
  /** encoding/json's error for the payload, reported once the signature is verified (as cap does). */
  claimsError?: string;
  signingInput: string;
  signature: Buffer;
}

export const SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

const goKind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string');

/** json.Unmarshal into a map: the object, or Go's error naming `goType`. A JSON null is an empty map. */
function unmarshalObject(bytes: Buffer, goType: string): Record<string, unknown> | string {
  const syntax = goJsonSyntaxError(bytes);
  if (syntax) return syntax;
  const v: unknown = JSON.parse(bytes.toString('utf8'));
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return `json: cannot unmarshal ${goKind(v)} into Go value of type ${goType}`;
  return v as Record<string, unknown>;
}

/**
 * go-jose ParseSigned of a compact JWS: three parts, each RawURL base64, then the protected header
 * as JSON; returns go-jose's (or encoding/json's) error text instead of throwing.
 */
export function decodeJwt(token: string): DecodedJwt | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'square/go-jose: compact JWS format must have three parts';
  const decoded: Buffer[] = [];
  for (const part of parts) {
    const bytes = goRawUrlBase64Decode(part);
    if (typeof bytes === 'string') return bytes;
    decoded.push(bytes);
  }
  const header = unmarshalObject(decoded[0], 'jose.rawHeader');
  if (typeof header === 'string') return header;
  const claims = unmarshalObject(decoded[1], 'map[string]interface {}');
  return {
    header,
    claims: typeof claims === 'string' ? {} : claims,
    claimsError: typeof claims === 'string' ? claims : undefined,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: decoded[2],
  };
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
  if (jwt.claimsError) return `error verifying token signature: ${jwt.claimsError}`;
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

/**
 * Claim handling of vault-plugin-auth-jwt v0.10 (claims.go, path_login.go createIdentity):
 * JSON-pointer claim lookup, bound claims matching, claim mappings into metadata, and their texts.
 */
import { goValue } from '../util/go-fields';
import { globMatch } from './jwt-verify';

/** getClaim: a plain key, or a JSON pointer when the name starts with '/'. */
export function getClaim(claims: Record<string, unknown>, name: string): unknown {
  if (!name.startsWith('/')) return claims[name];
  let cur: unknown = claims;
  for (const raw of name.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(seg)] : (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** normalizeList: a string or a list; anything else is not. */
function normalizeList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [v];
  return undefined;
}

/** validateBoundClaims; the plugin answers "error validating claims: " + this text. */
export function boundClaimsError(type: string, bound: Record<string, unknown> | null, claims: Record<string, unknown>): string | undefined {
  for (const [claim, expected] of Object.entries(bound ?? {})) {
    const actual = getClaim(claims, claim);
    if (actual === undefined || actual === null) return `claim ${JSON.stringify(claim)} is missing`;
    const actVals = normalizeList(actual);
    if (!actVals) return `received claim is not a string or list: ${goValue(actual)}`;
    const expVals = normalizeList(expected);
    if (!expVals) return `bound claim is not a string or list: ${goValue(expected)}`;
    const found = expVals.some((e) => actVals.some((a) => (type === 'glob' && typeof e === 'string' && typeof a === 'string' && globMatch(e, a)) || a === e));
    if (!found) return `claim ${JSON.stringify(claim)} does not match any associated bound claim values`;
  }
  return undefined;
}

/** createIdentity: the alias name and the token metadata (claim_mappings), or the error text. */
export function identity(
  claims: Record<string, unknown>,
  userClaim: string,
  mappings: Record<string, string> | null,
  groupsClaim: string,
): { user: string; metadata: Record<string, string> } | string {
  if (!(userClaim in claims)) return `claim ${JSON.stringify(userClaim)} not found in token`;
  const user = claims[userClaim];
  if (typeof user !== 'string') return `claim ${JSON.stringify(userClaim)} could not be converted to string`;
  const metadata: Record<string, string> = {};
  for (const [source, target] of Object.entries(mappings ?? {})) {
    const v = getClaim(claims, source);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `error converting claim '${source}' to string`;
    metadata[target] = v;
  }
  if (groupsClaim) {
    const raw = getClaim(claims, groupsClaim);
    if (raw === undefined || raw === null) return `failed to fetch groups: ${JSON.stringify(groupsClaim)} claim not found in token`;
    const groups = normalizeList(raw);
    if (!groups) return `${JSON.stringify(groupsClaim)} claim could not be converted to string list`;
    const bad = groups.find((g) => typeof g !== 'string');
    if (bad !== undefined) return `value ${goValue(bad)} in groups claim could not be parsed as string`;
  }
  return { user, metadata };
}

/**
 * A Vault reference: `mount/data/path/key` (KV v2) or `mount/path/key` (KV v1), the last segment
 * being the key inside the secret. Split and looked up here only; `src/lib/references/parse.ts`
 * finds references in text, `kv-service.ts` reads them.
 */
import type { VaultError } from '../errors';
import { pathProblem } from '../paths';
import type { KvSecret, VaultConnectionConfig } from '../types';
import { describeLocation, kvError } from './kv-errors';

export const REFERENCE_FORMS = '`mount/data/path/key` (KV v2) or `mount/path/key` (KV v1)';
/** A mount, a secret and a key. */
export const MIN_REFERENCE_SEGMENTS = 3;
const MAX_KEYS_LISTED = 20;

/** Why `reference` is not `mount/data/path/key` or `mount/path/key`; undefined when it is. */
export function referenceProblem(reference: string): string | undefined {
  const problem = pathProblem(reference);
  if (problem) return problem;
  if (reference.endsWith('/')) return 'it ends with "/" (a folder), but the last segment must be the key';
  if (reference.replace(/^\/+/, '').split('/').length < MIN_REFERENCE_SEGMENTS) return 'it needs a mount, the secret\'s path and the key';
  return undefined;
}

/** The secret's path and the key, for a reference whose segments are already checked. */
export function splitReference(reference: string): { secretPath: string; key: string } {
  const cut = reference.lastIndexOf('/');
  return { secretPath: reference.slice(0, cut), key: reference.slice(cut + 1) };
}

/** The value at `key`; '' / 0 / false / null are values, not "no secret found". */
export function valueAtKey(secret: KvSecret, key: string, config: VaultConnectionConfig): unknown {
  if (Object.prototype.hasOwnProperty.call(secret.data, key)) return secret.data[key];
  throw missingKey(secret, key, config);
}

function missingKey(secret: KvSecret, key: string, config: VaultConnectionConfig): VaultError {
  const keys = Object.keys(secret.data);
  const listed = keys.slice(0, MAX_KEYS_LISTED).map((k) => JSON.stringify(k)).join(', ') + (keys.length > MAX_KEYS_LISTED ? `, ... (${keys.length} keys)` : '');
  return kvError({
    kind: 'not_found',
    summary: `The secret ${describeLocation(secret.location)} has no key "${key}"`,
    hint: `${keys.length > 0 ? `Keys there: ${listed}.` : 'The secret has no keys.'} The last segment of a reference is the key: ${REFERENCE_FORMS}.`,
    config,
    status: 404,
  });
}

/**
 * Resolves the references of a request's url, header values, query values and body (at any
 * depth) through the connection's shared client, before anything is sent: one that does not
 * resolve fails the step. Returns the resolved parts and every value resolved, for the scrubber.
 */
import { ActionInputError } from '../common/validate';
import { scanReferences, type SecretReference } from '../references/parse';
import { referenceIdentity, resolveObject, type SecretResolver } from '../references/resolve';

export interface RequestParts {
  url: string;
  headers: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface ResolvedParts {
  headers: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** The value of a reference that stood in the URL. */
  valueOf(ref: SecretReference): unknown;
  /** Every value resolved, in no particular order. */
  values: unknown[];
}

/** Each value is scrubbed from the answer in ~16 forms: the work grows with their number. */
export const MAX_REFERENCES = 50;

/** Distinct references in the strings of `value` (depth bounded by the caller's nesting check). */
function countReferences(value: unknown): number {
  const seen = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') for (const item of scanReferences(v)) seen.add(item.ok ? referenceIdentity(item.ref) : item.error.raw);
    else if (v !== null && typeof v === 'object') for (const child of Object.values(v as Record<string, unknown>)) stack.push(child);
  }
  return seen.size;
}

/** Names (header names, query names, body keys) are sent as typed: a reference there is a mistake. */
function assertNoReferenceInNames(what: string, value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (!Array.isArray(v) && scanReferences(key).length > 0) {
        throw new ActionInputError(`send_http_request: a Vault reference stands in a name in "${what}"; references are filled in only in values`);
      }
      stack.push(child);
    }
  }
}

export async function resolveRequest(parts: RequestParts, resolver: SecretResolver): Promise<ResolvedParts> {
  assertNoReferenceInNames('headers', parts.headers);
  assertNoReferenceInNames('queryParams', parts.query);
  assertNoReferenceInNames('body', parts.body);
  const count = countReferences([parts.url, parts.headers, parts.query, parts.body]);
  if (count > MAX_REFERENCES) {
    throw new ActionInputError(`send_http_request: ${count} different Vault references; at most ${MAX_REFERENCES} are filled in per request`);
  }
  const found = new Map<string, unknown>();
  const collecting: SecretResolver = async (ref) => {
    const value = await resolver(ref);
    found.set(referenceIdentity(ref), value);
    return value;
  };
  // A string that is exactly one reference keeps the value's type (a number stays a number in a JSON body).
  const resolved = await resolveObject({ url: parts.url, headers: parts.headers, query: parts.query, body: parts.body }, collecting);
  return {
    headers: resolved.headers,
    query: resolved.query,
    body: resolved.body,
    valueOf: (ref) => found.get(referenceIdentity(ref)),
    values: [...found.values()],
  };
}

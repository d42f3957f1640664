/**
 * Replaces Vault references in a string or in any JSON-like value (a connection value, props),
 * returning a new value; the input is never mutated.
 *
 * - A string that is exactly one reference (surrounding whitespace aside) becomes the secret value
 *   with its own type (a number stays a number, an object stays an object), unless
 *   `wholeReference: 'string'` is given.
 * - A reference inside a longer string (`Bearer {{vault:...}}`) is replaced in place; a non-string
 *   value is inserted as JSON.
 * - Every reference is collected first and each distinct one resolved once, concurrently.
 * - `onError: 'fail'` (default): any malformed or unresolvable reference fails the whole resolution
 *   (no Vault read happens when one is malformed), naming the references, never their values.
 *   `onError: 'skip'`: unresolved references stay as they were and are listed in `unresolved`.
 */
import { VaultError } from '../vault/errors';
import { MAX_JSON_DEPTH, inputTooDeep, mapLeaves, visitContainers } from '../vault/json-walk';
import { isWholeReference, scanReferences, ScannedReference, SecretReference } from './parse';
import { forEachLimited } from '../common/for-each-limited';

/** Returns the value of one reference; throws with a reason (no secret in it) when it cannot. */
export type SecretResolver = (ref: SecretReference) => Promise<unknown>;

export type OnError = 'fail' | 'skip';

export interface ResolveOptions {
  onError?: OnError;
  /** What a whole-string reference becomes: the value as is (default) or always a string. */
  wholeReference?: 'keep-type' | 'string';
  /** References resolved at the same time (default 8). */
  concurrency?: number;
}

export interface UnresolvedReference {
  reference: string;
  reason: string;
}

export interface SkippedResolution<T> {
  value: T;
  unresolved: UnresolvedReference[];
}

export class ReferenceResolutionError extends VaultError {
  constructor(readonly unresolved: UnresolvedReference[]) {
    super({ kind: 'reference', summary: describe(unresolved), hint: '' });
    this.name = 'ReferenceResolutionError';
  }
}

function describe(unresolved: UnresolvedReference[]): string {
  const shown = unresolved.slice(0, 5).map((u) => `${u.reference}: ${u.reason}`);
  const more = unresolved.length > 5 ? `\n(and ${unresolved.length - 5} more)` : '';
  const noun = unresolved.length === 1 ? 'reference' : 'references';
  return `Could not resolve ${unresolved.length} Vault ${noun}; nothing was resolved.\n${shown.join('\n')}${more}`;
}

/** Identifies references that resolve to the same value (same connection id, same path). */
export function referenceIdentity(ref: SecretReference): string {
  return `${ref.connectionId ?? ''}\u0000${ref.path}`;
}

export function resolveString(text: string, resolver: SecretResolver, opts?: ResolveOptions & { onError?: 'fail' }): Promise<unknown>;
export function resolveString(text: string, resolver: SecretResolver, opts: ResolveOptions & { onError: 'skip' }): Promise<SkippedResolution<unknown>>;
export function resolveString(text: string, resolver: SecretResolver, opts?: ResolveOptions): Promise<unknown>;
export function resolveString(text: string, resolver: SecretResolver, opts: ResolveOptions = {}): Promise<unknown> {
  return resolveAny(text, resolver, opts);
}

export function resolveObject<T>(value: T, resolver: SecretResolver, opts?: ResolveOptions & { onError?: 'fail' }): Promise<T>;
export function resolveObject<T>(value: T, resolver: SecretResolver, opts: ResolveOptions & { onError: 'skip' }): Promise<SkippedResolution<T>>;
export function resolveObject<T>(value: T, resolver: SecretResolver, opts?: ResolveOptions): Promise<T | SkippedResolution<T>>;
export function resolveObject<T>(value: T, resolver: SecretResolver, opts: ResolveOptions = {}): Promise<T | SkippedResolution<T>> {
  return resolveAny(value, resolver, opts) as Promise<T | SkippedResolution<T>>;
}

async function resolveAny(input: unknown, resolver: SecretResolver, opts: ResolveOptions): Promise<unknown> {
  const onError = opts.onError ?? 'fail';
  const scans = new Map<string, ScannedReference[]>();
  collectStrings(input, (s) => {
    if (!scans.has(s)) scans.set(s, scanReferences(s));
  });

  const unresolved: UnresolvedReference[] = [];
  const seenUnresolved = new Set<string>();
  /** `reference` is what is shown; `raw` (the whole text) tells two references apart. */
  const note = (reference: string, reason: string, raw = reference) => {
    if (seenUnresolved.has(raw)) return;
    seenUnresolved.add(raw);
    unresolved.push({ reference, reason });
  };

  const unique = new Map<string, SecretReference>();
  for (const items of scans.values()) {
    for (const item of items) {
      if (!item.ok) note(item.error.shown, `malformed: ${item.error.reason}`, item.error.raw);
      else if (!unique.has(referenceIdentity(item.ref))) unique.set(referenceIdentity(item.ref), item.ref);
    }
  }
  if (unresolved.length > 0 && onError === 'fail') throw new ReferenceResolutionError(unresolved);

  const values = new Map<string, unknown>();
  await forEachLimited([...unique.entries()], opts.concurrency ?? 8, async ([id, ref]) => {
    try {
      values.set(id, await resolver(ref));
    } catch (e) {
      note(ref.raw, e instanceof Error ? e.message : String(e));
    }
  });
  if (unresolved.length > 0 && onError === 'fail') throw new ReferenceResolutionError(unresolved);

  const replaceString = (s: string): unknown => substitute(s, scans.get(s) ?? [], values, opts.wholeReference ?? 'keep-type');
  const value = rebuild(input, replaceString);
  return onError === 'skip' ? { value, unresolved } : value;
}

function substitute(text: string, items: ScannedReference[], values: Map<string, unknown>, whole: 'keep-type' | 'string'): unknown {
  if (items.length === 0) return text;
  if (items.length === 1 && items[0].ok && isWholeReference(text, items[0].ref)) {
    const id = referenceIdentity(items[0].ref);
    if (!values.has(id)) return text;
    const value = values.get(id);
    return whole === 'string' ? asText(value) : value;
  }
  let out = '';
  let cursor = 0;
  for (const item of items) {
    const { start, end } = item.ok ? item.ref : item.error;
    out += text.slice(cursor, start);
    const id = item.ok ? referenceIdentity(item.ref) : undefined;
    out += id !== undefined && values.has(id) ? asText(values.get(id)) : text.slice(start, end);
    cursor = end;
  }
  return out + text.slice(cursor);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const TOO_DEEP = inputTooDeep('The value to resolve');

/** Every string in arrays and plain objects; other objects (a Date, a Buffer) are leaves. */
function collectStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  visitContainers(
    value,
    (node) => {
      if (!Array.isArray(node) && !isPlainObject(node)) return false;
      for (const v of Object.values(node)) if (typeof v === 'string') visit(v);
      return true;
    },
    TOO_DEEP,
  );
}

/** A copy with every string replaced; arrays and plain objects are copied, anything else kept. */
function rebuild(value: unknown, replace: (s: string) => unknown): unknown {
  return mapLeaves(value, (v) => (typeof v === 'string' ? replace(v) : v), TOO_DEEP, MAX_JSON_DEPTH, (v) => Array.isArray(v) || isPlainObject(v));
}


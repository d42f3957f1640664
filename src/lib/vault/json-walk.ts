/**
 * The one walk over JSON-like values (objects and arrays hold children, anything else is a leaf):
 * iterative, so no nesting can overflow the stack, and bounded by `MAX_JSON_DEPTH`, so a hostile
 * value costs a clear refusal instead of a `RangeError`. Merge patch, redaction, freezing, the
 * depth checks of inputs and the canonical JSON of digests all walk through here.
 */
import { VaultError } from './errors';

/**
 * The deepest nesting accepted in a value written to Vault or read from it: `{}` is 1 level,
 * `{"a": {}}` 2. Vault accepts 10,000 levels, but KV data and Vault's answers are rarely more than
 * 20 deep; 100 leaves five times that headroom while staying far below what any recursive
 * consumer downstream (the flow engine's serialiser, zod, `JSON.stringify`) survives.
 */
export const MAX_JSON_DEPTH = 100;

/** Builds the error thrown when a value is nested deeper than allowed. */
export type TooDeep = () => VaultError;

/** For answers: a value Vault sent that the piece will not walk. */
export const answerTooDeep: TooDeep = () =>
  new VaultError({
    kind: 'unexpected_response',
    summary: `Vault's answer is nested more than ${MAX_JSON_DEPTH} levels deep; it was not used`,
    hint: `Check what wrote this value: the piece reads values nested at most ${MAX_JSON_DEPTH} levels deep.`,
  });

/** For inputs: `what` (a prop, "the data") is refused before anything is sent. */
export function inputTooDeep(what: string): TooDeep {
  return () =>
    new VaultError({
      kind: 'invalid_input',
      summary: `${what} is nested more than ${MAX_JSON_DEPTH} levels deep; nothing was sent to Vault`,
      hint: `Flatten it to at most ${MAX_JSON_DEPTH} levels of objects and lists.`,
    });
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

/**
 * Sets `key` as an own property: a `__proto__` key of parsed JSON stays a key instead of
 * replacing the object's prototype (and vanishing from what is written).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** True when no object or list in `value` is nested deeper than `max` levels. */
export function depthWithin(value: unknown, max = MAX_JSON_DEPTH): boolean {
  return walk(value, () => true, max);
}

/**
 * Calls `visit` on every object and list in `value`, parents first; `visit` returns false to skip a
 * container's children. Throws `tooDeep()` at the first container deeper than `max` levels.
 */
export function visitContainers(value: unknown, visit: (node: Container) => boolean, tooDeep: TooDeep, max = MAX_JSON_DEPTH): void {
  if (!walk(value, visit, max)) throw tooDeep();
}

/**
 * False as soon as a container deeper than `max` is met. A container met again (a value shared
 * in memory, never in parsed JSON) is walked again only when met deeper, so sharing cannot make
 * the walk exponential.
 */
function walk(value: unknown, visit: (node: Container) => boolean, max: number): boolean {
  if (!isContainer(value)) return true;
  const metAt = new Map<Container, number>();
  const stack: Array<{ node: Container; depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > max) return false;
    if ((metAt.get(node) ?? Infinity) <= depth) continue;
    metAt.set(node, depth);
    if (!visit(node)) continue;
    for (const child of Object.values(node)) if (isContainer(child)) stack.push({ node: child, depth: depth + 1 });
  }
  return true;
}

/** Freezes `value` and everything in it, in place; returns it. An already frozen part is not walked again. */
export function deepFreeze<T>(value: T, tooDeep: TooDeep = answerTooDeep): T {
  visitContainers(
    value,
    (node) => {
      if (Object.isFrozen(node)) return false;
      Object.freeze(node);
      return true;
    },
    tooDeep,
  );
  return value;
}

/**
 * A copy of `value` with `leaf` applied to everything else than objects and lists, which are
 * copied (keys kept, `__proto__` included as a key); `copied` can narrow which objects are copied
 * (the others are leaves). Throws `tooDeep()` past `max` levels.
 */
export function mapLeaves(
  value: unknown,
  leaf: (v: unknown) => unknown,
  tooDeep: TooDeep,
  max = MAX_JSON_DEPTH,
  copied: (v: object) => boolean = () => true,
): unknown {
  const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object' && copied(v);
  if (!isContainer(value)) return leaf(value);
  if (max < 1) throw tooDeep();
  // A container shared in memory is copied once (and stays shared): no exponential copy.
  const copies = new Map<Container, Container>();
  const emptyLike = (c: Container): Container => {
    const copy = Array.isArray(c) ? new Array<unknown>(c.length) : {};
    copies.set(c, copy);
    return copy;
  };
  const root = emptyLike(value);
  const stack: Array<{ from: Container; to: Container; depth: number }> = [{ from: value, to: root, depth: 1 }];
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop()!;
    const copy = (v: unknown): unknown => {
      if (!isContainer(v)) return leaf(v);
      if (depth + 1 > max) throw tooDeep();
      const known = copies.get(v);
      if (known) return known;
      const child = emptyLike(v);
      stack.push({ from: v, to: child, depth: depth + 1 });
      return child;
    };
    if (Array.isArray(from)) {
      const out = to as unknown[];
      for (let i = 0; i < from.length; i++) out[i] = copy(from[i]);
    } else {
      const out = to as Record<string, unknown>;
      for (const [k, v] of Object.entries(from)) setOwn(out, k, copy(v));
    }
  }
  return root;
}

/**
 * Every string (and number, as text) in `value`, however deep: what redaction scrubs. Never stops
 * early; an object met twice (shared or circular) is read once.
 */
export function textLeaves(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (isContainer(v) && !seen.has(v)) {
      seen.add(v);
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return out;
}

/** Text pieces emitted as they are by `canonicalJson`'s work list. */
class Raw {
  constructor(readonly text: string) {}
}

/**
 * JSON with object keys sorted (equal values give equal text whatever their key order); undefined
 * properties are left out, like `JSON.stringify` does. Throws `tooDeep()` past `max` levels.
 */
export function canonicalJson(value: unknown, tooDeep: TooDeep = answerTooDeep, max = MAX_JSON_DEPTH): string {
  const parts: string[] = [];
  const todo: Array<{ v: unknown; depth: number } | Raw> = [{ v: value, depth: 0 }];
  while (todo.length > 0) {
    const item = todo.pop()!;
    if (item instanceof Raw) {
      parts.push(item.text);
      continue;
    }
    const { v, depth } = item;
    if (!isContainer(v)) {
      parts.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    if (depth + 1 > max) throw tooDeep();
    // Pushed in reverse: the work list is a stack.
    const next: Array<{ v: unknown; depth: number } | Raw> = [];
    if (Array.isArray(v)) {
      next.push(new Raw('['));
      v.forEach((el, i) => {
        if (i > 0) next.push(new Raw(','));
        next.push({ v: el, depth: depth + 1 });
      });
      next.push(new Raw(']'));
    } else {
      const entries = Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      next.push(new Raw('{'));
      entries.forEach(([k, x], i) => {
        next.push(new Raw(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`));
        next.push({ v: x, depth: depth + 1 });
      });
      next.push(new Raw('}'));
    }
    for (let i = next.length - 1; i >= 0; i--) todo.push(next[i]);
  }
  return parts.join('');
}

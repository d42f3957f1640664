import { MAX_JSON_DEPTH, inputTooDeep, setOwn } from '../json-walk';

/**
 * RFC 7396 JSON merge patch, what Vault's KV v2 PATCH applies: objects merge key by key
 * (recursively), `null` removes a key, anything else replaces. The read + write fallback uses it
 * so both strategies give the same result.
 *
 * Iterative and bounded: only the patch is walked (the target's untouched parts are kept as they
 * are), and a patch nested more than `MAX_JSON_DEPTH` levels is refused with a `VaultError`.
 */
export function applyMergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = { ...target };
  const stack: Array<{ out: Record<string, unknown>; patch: Record<string, unknown>; depth: number }> = [{ out: root, patch, depth: 1 }];
  while (stack.length > 0) {
    const { out, patch: level, depth } = stack.pop()!;
    for (const [key, value] of Object.entries(level)) {
      if (value === null) {
        delete out[key];
      } else if (isPlainObject(value)) {
        if (depth + 1 > MAX_JSON_DEPTH) throw inputTooDeep('The data')();
        const base = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
        const merged = { ...(isPlainObject(base) ? base : {}) };
        setOwn(out, key, merged);
        stack.push({ out: merged, patch: value, depth: depth + 1 });
      } else {
        setOwn(out, key, value);
      }
    }
  }
  return root;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

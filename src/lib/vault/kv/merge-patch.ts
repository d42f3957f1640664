/**
 * RFC 7396 JSON merge patch, what Vault's KV v2 PATCH applies: objects merge key by key
 * (recursively), `null` removes a key, anything else replaces. The read + write fallback uses it
 * so both strategies give the same result.
 */
export function applyMergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else if (isPlainObject(value)) {
      const base = out[key];
      out[key] = applyMergePatch(isPlainObject(base) ? base : {}, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

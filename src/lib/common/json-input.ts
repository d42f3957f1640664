/** JSON typed into a prop: the builder may hand it over parsed or as text, at any depth. */

/** The Json prop may arrive parsed or as the text the person typed. */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // rejected by the caller's schema, without echoing the text
  }
}

/** How deep a JSON prop may nest: walking it recursively at a hostile depth would overflow the stack. */
export const MAX_NESTING = 100;

/** Iterative, so the check itself cannot overflow. */
export function nestingWithin(value: unknown, max: number = MAX_NESTING): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return true;
}

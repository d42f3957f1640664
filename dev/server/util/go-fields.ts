/**
 * Vault's sdk/framework field conversion (mapstructure.WeakDecode), with its error texts:
 * `error converting input <value> for field "<name>": <reason>`. JSON numbers reach it as
 * json.Number, a string kind; query parameters as a string, or a []string when repeated.
 */

/** How Go's fmt %v prints a decoded JSON value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

/** The reflect kind mapstructure names: JSON numbers are json.Number (a string). */
function goKind(v: unknown, fromQuery: boolean): string {
  if (Array.isArray(v)) return fromQuery ? '[]string' : 'slice';
  if (typeof v === 'boolean') return 'bool';
  if (v !== null && typeof v === 'object') return 'map';
  return 'string';
}

export class FieldConversionError extends Error {}

const fail = (name: string, value: unknown, reason: string) =>
  new FieldConversionError(`error converting input ${goValue(value)} for field "${name}": ${reason}`);

/** A TypeMap field: an object (or null, which decodes to an empty map). */
export function mapField(name: string, value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw fail(name, value, `'' expected a map, got '${goKind(value, false)}'`);
}

/** A TypeInt field from a query parameter (one value, or several when repeated). */
export function queryIntField(name: string, values: string[]): number {
  if (values.length > 1) throw fail(name, values, `'' expected type 'int', got unconvertible type '[]string'`);
  const text = values[0] ?? '';
  if (text === '') return 0;
  const n = parseGoInt(text);
  if (n === undefined) throw fail(name, text, `cannot parse '' as int: strconv.ParseInt: parsing "${text}": invalid syntax`);
  return n;
}

/** strconv.ParseInt(s, 0, 64): decimal, 0x hex, 0o/0 octal, 0b binary, optional sign. */
function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(s);
  if (!m) return undefined;
  const body = m[2].toLowerCase();
  let n: number;
  if (body.startsWith('0x')) n = parseInt(body.slice(2), 16);
  else if (body.startsWith('0b')) n = parseInt(body.slice(2), 2);
  else if (body.startsWith('0o')) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body.slice(1), 8);
  else n = Number(body);
  return m[1] === '-' ? -n : n;
}

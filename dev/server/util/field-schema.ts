/**
 * sdk/framework FieldData.Validate as Vault 1.8 runs it before an update handler: every body field
 * the path declares is converted to its type, and the first failure is the 400
 * `error converting input <value> for field "<name>": <reason>` (mapstructure.WeakDecode and
 * parseutil.ParseDurationSecond texts). Only the fields present are returned.
 */
import { FieldError } from './durations';
import { goValue } from './go-fields';

export type FieldType = 'string' | 'lowerString' | 'int' | 'bool' | 'duration' | 'signedDuration' | 'commaStrings' | 'map' | 'kvPairs';
export type Schema = Record<string, FieldType>;
export type Fields = Record<string, unknown>;

/** reflect's name for a decoded JSON value, as mapstructure prints it. */
function goType(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (v !== null && typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'boolean') return 'bool';
  return 'json.Number';
}

class Bad extends Error {}

function text(v: unknown, want: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw new Bad(`'' expected type '${want}', got unconvertible type '${goType(v)}'`);
}

function toInt(v: unknown): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = text(v, 'int');
  if (s === '') return 0;
  if (!/^[+-]?\d+$/.test(s)) throw new Bad(`cannot parse '' as int: strconv.ParseInt: parsing "${s}": invalid syntax`);
  return Number(s);
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

function toBool(v: unknown): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  const s = text(v, 'bool');
  if (s === '') return false;
  if (TRUE.includes(s)) return true;
  if (FALSE.includes(s)) return false;
  throw new Bad(`cannot parse '' as bool: strconv.ParseBool: parsing "${s}": invalid syntax`);
}

const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration, in seconds. */
function goParseDuration(s: string): number {
  const bad = () => new Bad(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw bad();
  let total = 0;
  while (rest) {
    // a number, then everything up to the next digit or '.' is its unit
    const m = /^(\d*\.?\d*)([^\d.]*)/.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') throw bad();
    if (!m[2]) throw new Bad(`time: missing unit in duration ${JSON.stringify(s)}`);
    if (!(m[2] in UNITS)) throw new Bad(`time: unknown unit ${JSON.stringify(m[2])} in duration ${JSON.stringify(s)}`);
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** parseutil.ParseDurationSecond (Vault 1.8): a unit suffix goes to time.ParseDuration, else whole seconds. */
function toDuration(v: unknown, signed: boolean): number {
  let secs: number;
  if (v === null || v === '') secs = 0;
  else if (typeof v === 'number') secs = Math.trunc(v);
  else if (typeof v === 'string') {
    if (/(s|m|h)$/.test(v)) secs = Math.trunc(goParseDuration(v));
    else if (/^[+-]?\d+$/.test(v)) secs = Number(v);
    else throw new Bad(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  } else throw new Bad('could not parse duration from input');
  if (!signed && secs < 0) throw new Bad(`cannot provide negative value '${secs}'`);
  return secs;
}

/**
 * parseutil.ParseDurationSecond on its own (headers, handlers that parse a field themselves): seconds,
 * or an Error with Go's text (`strconv.ParseInt: parsing "abc": invalid syntax`, `time: invalid duration "1x"`).
 */
export function parseDurationSecond(v: unknown): number | Error {
  try {
    return toDuration(v, true);
  } catch (e) {
    if (e instanceof Bad) return new Error(e.message);
    throw e;
  }
}

function toStrings(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => text(x, 'string')).map((s) => s.trim()).filter(Boolean);
  return text(v, 'string').split(',').map((s) => s.trim()).filter(Boolean);
}

function toMap(v: unknown): Record<string, unknown> {
  if (v === null) return {};
  if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw new Bad(`'' expected a map, got '${Array.isArray(v) ? 'slice' : typeof v === 'boolean' ? 'bool' : 'string'}'`);
}

function toKvPairs(v: unknown): Record<string, string> {
  const m = toMap(v);
  return Object.fromEntries(Object.entries(m).map(([k, x]) => [k, text(x, 'string')]));
}

function convert(v: unknown, type: FieldType): unknown {
  switch (type) {
    case 'string':
      return v === null ? '' : text(v, 'string');
    case 'lowerString':
      return (v === null ? '' : text(v, 'string')).toLowerCase();
    case 'int':
      return toInt(v);
    case 'bool':
      return toBool(v);
    case 'duration':
    case 'signedDuration':
      return toDuration(v, type === 'signedDuration');
    case 'commaStrings':
      return toStrings(v);
    case 'map':
      return toMap(v);
    case 'kvPairs':
      return toKvPairs(v);
  }
}

/** The declared fields present in `body`, converted; throws FieldError (400) on the first bad one. */
export function readFields(body: Record<string, unknown>, schema: Schema): Fields {
  const out: Fields = {};
  for (const [name, type] of Object.entries(schema)) {
    if (!(name in body)) continue;
    try {
      out[name] = convert(body[name], type);
    } catch (e) {
      if (e instanceof Bad) throw new FieldError(`error converting input ${goValue(body[name])} for field "${name}": ${e.message}`);
      throw e;
    }
  }
  return out;
}

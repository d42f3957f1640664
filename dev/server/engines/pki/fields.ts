/** Vault framework field types for request bodies: TypeBool, TypeCommaStringSlice, TypeInt. */
import { FieldError } from '../../util/durations';
import { goBool } from '../../util/go-bool';

const bad = (name: string, v: unknown) => new FieldError(`error converting input ${String(v)} for field "${name}"`);

export function boolField(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const b = typeof v === 'string' ? goBool(v) : undefined;
  if (b === undefined) throw bad(name, v);
  return b;
}

/** A comma-separated string or an array of strings, trimmed, empty entries dropped. */
export function listField(body: Record<string, unknown>, name: string): string[] | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [String(v)];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

export function intField(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw bad(name, v);
  return n;
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return v === undefined || v === null ? undefined : String(v);
}

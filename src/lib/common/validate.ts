import { blankToUndefined } from '../vault/connection/parse';
import { z } from 'zod';
import { VaultError } from '../vault/errors';

/** A prop failed validation. The message names the prop and the rule, never the value typed. */
export class ActionInputError extends VaultError {
  constructor(summary: string) {
    super({ kind: 'invalid_input', summary, hint: '' });
    this.name = 'ActionInputError';
  }
}

const MAX_ISSUES_SHOWN = 5;

/**
 * Validates an action's props at the top of `run`. zod 4 issue messages do not include the input,
 * so a secret typed into the wrong prop is never echoed back.
 */
export function parseProps<S extends z.ZodType>(actionName: string, schema: S, propsValue: unknown): z.output<S> {
  const result = schema.safeParse(propsValue ?? {});
  if (result.success) return result.data;
  // A list of 200,000 bad entries is one issue each: name a few, count the rest.
  const problems = result.error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const prop = issue.path.length > 0 ? issue.path.map(String).join('.') : 'props';
    return `"${prop}": ${issue.message}`;
  });
  const more = result.error.issues.length - problems.length;
  throw new ActionInputError(`${actionName}: invalid input. ${problems.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`);
}

export { blankToUndefined };

export const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());

export function requiredText(what: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: `${what} is required (text)` }).min(1, `${what} is required`),
  );
}

/** A Number prop; the builder may hand numbers over as numeric strings. */
function toNumber(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return v;
}

export function optionalInt(what: string, min: number) {
  return z.preprocess(
    toNumber,
    z
      .number({ error: `${what} must be a whole number` })
      .int(`${what} must be a whole number`)
      .min(min, `${what} must be at least ${min}`)
      .optional(),
  );
}

export const optionalBoolean = z.preprocess(blankToUndefined, z.boolean().optional());

/** A Vault duration: `90`, `90s`, `15m`, `1h`, `2d`, or a number of seconds. */
export function optionalDuration(what: string) {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === 'number' ? String(b) : typeof b === 'string' ? b.trim() : b;
    },
    z
      .string({ error: `${what} must be a duration such as 1h, 30m or 3600` })
      .regex(/^\d+[smhd]?$/, `${what} must be a duration such as 1h, 30m or 3600 (seconds)`)
      .optional(),
  );
}

/** The most entries a list prop takes (policies, alternative names, principals), and the longest entry. */
export const MAX_LIST_ENTRIES = 1000;
export const MAX_LIST_ENTRY_LENGTH = 4096;

/** An Array prop of text: blank entries dropped, duplicates removed; bounded in entries and length. */
export function textList(what: string) {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      if (b === undefined) return [];
      if (typeof b === 'string') return b.split(',');
      return b;
    },
    z
      .array(z.string({ error: `every entry of ${what} must be text` }).max(MAX_LIST_ENTRY_LENGTH, `an entry of ${what} is longer than ${MAX_LIST_ENTRY_LENGTH} characters`), {
        error: `${what} must be a list of text`,
      })
      .max(MAX_LIST_ENTRIES, `${what} has more than ${MAX_LIST_ENTRIES} entries`)
      .transform((items) => [...new Set(items.map((s) => s.trim()).filter((s) => s.length > 0))]),
  );
}

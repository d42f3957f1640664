/** Prop readers for names and mount paths; the rules themselves are `src/lib/vault/paths.ts`'s. */
import { z } from 'zod';
import { MAX_PATH_LENGTH, nameProblem, pathProblem, textProblem, trimSlashes } from '../vault/paths';
import { optionalText, requiredText } from './validate';

const longerThanPath = (what: string) => `${what} is longer than ${MAX_PATH_LENGTH} characters`;

/**
 * A KV path prop (mount included), bounded before anything reads it: the connection's path-prefix
 * check runs before the path rules, and no Vault path is longer.
 */
export function kvPathProp(what: string) {
  return requiredText(what).refine((s) => s.length <= MAX_PATH_LENGTH, longerThanPath(what));
}

/** `kvPathProp`, optional. */
export function optionalKvPathProp(what: string) {
  return optionalText.refine((s) => s === undefined || s.length <= MAX_PATH_LENGTH, longerThanPath(what));
}

/**
 * Names that become ONE segment of a Vault path (a policy, a user, a transit key): no slash, no
 * dot segments, so a name can never reach another endpoint.
 */
export function nameSegment(what: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `${what} is required (text)` })
      .min(1, `${what} is required`)
      .max(512, `${what} is too long`)
      .superRefine((s, ctx) => {
        const problem = nameProblem(s);
        if (problem) ctx.addIssue({ code: 'custom', message: `${what} is not a valid name: ${problem}` });
      }),
  );
}

/**
 * A mount path (`transit`, `team/app/transit/`): surrounding slashes dropped, no empty or dot
 * segments. `fallback` applies when the prop is left empty.
 */
export function mountPathProp(what: string, fallback: string) {
  return z.preprocess(
    (v) => {
      const s = typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : v;
      return s === '' ? fallback : s;
    },
    z
      .string({ error: `${what} must be text` })
      .transform(trimSlashes)
      .refine((s) => s.length > 0, `${what} is required`)
      .superRefine((s, ctx) => {
        const problem = textProblem(s) ? textProblem(s) : pathProblem(s) ? `it must be a mount path such as "${fallback}" (${pathProblem(s)})` : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: `${what} is not valid: ${problem}` });
      }),
  );
}

import { z } from 'zod';

/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Half of a surrogate pair on its own: `encodeURIComponent` throws on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_OR_BROKEN_MESSAGE = (what: string) => `${what} must not contain control characters or invalid Unicode`;

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
      .refine((s) => !s.includes('/'), `${what} must not contain "/"`)
      .refine((s) => s !== '.' && s !== '..', `${what} must not be "." or ".."`)
      .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), CONTROL_OR_BROKEN_MESSAGE(what)),
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
      .transform((s) => s.replace(/^\/+|\/+$/g, ''))
      .refine((s) => s.length > 0, `${what} is required`)
      .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), CONTROL_OR_BROKEN_MESSAGE(what))
      .refine(
        (s) => s.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..'),
        `${what} must be a mount path such as "${fallback}" (no empty, "." or ".." segments)`,
      ),
  );
}

/** Percent-encodes every segment of an already validated path. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

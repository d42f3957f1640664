/**
 * Takes every resolved secret out of what the other server answered before it becomes the step's
 * output or an error: body (JSON keys and values, or text), header names and values. Each form a
 * secret may be echoed as (`secret-forms.ts`) becomes the fixed marker `[redacted]`.
 */
import { nestingWithin } from '../actions/common/json-input';
import { createRedactor, REDACTED, type Redactor } from '../vault/redact';
import { secretForms } from './secret-forms';

export { REDACTED as SECRET_MARKER };

export type AnswerHeaders = Record<string, string | string[]>;

export interface AnswerScrubber {
  text: Redactor;
  /** The body: JSON (scrubbed keys and values) when it says it is JSON and still parses once scrubbed, else scrubbed text. */
  body(text: string, contentType: string | undefined): unknown;
  headers(headers: Record<string, string | string[] | undefined>): AnswerHeaders;
}

export function createAnswerScrubber(values: readonly unknown[]): AnswerScrubber {
  // Only the values given: an answer may rightly hold other token-shaped text.
  const forms = values.flatMap(secretForms);
  const text = createRedactor(forms, { tokenShaped: false });
  // Header names arrive lower-cased: a secret in one is found only in lower case.
  const lowerCased = createRedactor(forms.map((f) => f.toLowerCase()), { tokenShaped: false });
  const name = (n: string) => lowerCased(text(n));
  return {
    text,
    body(raw, contentType) {
      // Scrubbed as text first: a secret echoed as a bare JSON number, or across JSON syntax, is caught there.
      const scrubbed = text(raw);
      if (!contentType || !/json/i.test(contentType) || scrubbed.trim() === '') return scrubbed;
      let parsed: unknown;
      try {
        parsed = JSON.parse(scrubbed);
      } catch {
        return scrubbed;
      }
      // Then as values: escapes (`\u0061`) that hid a secret in the text are decoded now.
      return nestingWithin(parsed) ? scrubJson(parsed, text) : scrubbed;
    },
    headers(headers) {
      const out: AnswerHeaders = {};
      for (const [key, value] of Object.entries(headers)) {
        if (value === undefined) continue;
        out[name(key)] = Array.isArray(value) ? value.map(text) : text(value);
      }
      return out;
    },
  };
}

/** A copy with keys and string values scrubbed (depth already bounded by the caller). */
function scrubJson(value: unknown, scrub: Redactor): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, scrub));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [scrub(k), scrubJson(v, scrub)]));
  }
  return value;
}

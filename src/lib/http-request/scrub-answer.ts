/**
 * Takes every resolved secret out of what the other server answered before it becomes the step's
 * output or an error: body (JSON keys and values, or text), header names and values. Each form a
 * secret may be echoed as (`secret-forms.ts`) becomes the fixed marker `[redacted]`.
 */
import { nestingWithin } from '../common/json-input';
import { createRedactor, REDACTED, type Redactor } from '../vault/redact';
import { secretForms } from './secret-forms';

export { REDACTED as SECRET_MARKER };

export type AnswerHeaders = Record<string, string | string[]>;

export interface AnswerScrubber {
  text: Redactor;
  /** The body: JSON (keys and values scrubbed) when it says it is JSON and still parses once scrubbed, else scrubbed text. */
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
      const parsed = parseJson(scrubbed);
      if (parsed === NOT_JSON || !nestingWithin(parsed)) return scrubbed;
      // Then in JSON's plain form: escapes that hid a secret (`\u0074`, `\/`) are gone, and the
      // redactor's JSON-escaped form matches what is left (one pass over the text, not one per string).
      const plain = text(JSON.stringify(parsed));
      const again = parseJson(plain);
      return again === NOT_JSON ? plain : again;
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

const NOT_JSON = Symbol('not-json');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

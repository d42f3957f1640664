/**
 * Scrubs secrets out of text before it reaches an error or a log: every value it was told about
 * (tokens, secret_ids, passwords, written values) and anything shaped like a Vault token.
 *
 * What is scrubbed (the README's "What errors never contain" says the same):
 * - a secret of 3 characters or more wherever it appears, as it is and in the forms a message may
 *   carry it in: JSON-escaped (`\"`, `\n`, `\u0001`, and Go's `\u003c` for `<`, `>`, `&`), Go
 *   `%q`-escaped (`\x01`, `\u00a0`, also the ASCII-only `%+q`), and URL-encoded (`%20` or `+`);
 * - a secret of 1 or 2 characters only where it stands quoted (`"ab"`, `'ab'`, in any of those
 *   forms): Vault quotes the values it echoes, and scrubbing a lone `a` everywhere would erase
 *   every message; a 1-2 character secret is guessed in a few thousand tries anyway;
 * - overlapping or adjacent secrets as one `[redacted]`, so no piece of either is left;
 * - unless told otherwise, anything shaped like a Vault token (`hvs.`, `hvb.`, `hvr.`, `s.`...).
 * Not derived: base64, hashes or pieces of a secret (the piece sends base64 itself where Vault
 * wants it, and that sent form is one of the values scrubbed).
 *
 * One pass over the text whatever the number of secrets (`TextMatcher`).
 */
import { answerTooDeep, mapLeaves, textLeaves } from './json-walk';
import { TextMatcher } from './text-matcher';

export const REDACTED = '[redacted]';

/** `hvs.`/`hvb.`/`hvr.` (Vault >= 1.10) and legacy `s.`/`b.`/`r.` tokens. */
const TOKEN_PATTERN = /\b(?:hv[sbr]\.[A-Za-z0-9_-]{20,}|[sbr]\.[A-Za-z0-9]{20,})/g;

/** Secrets shorter than this are scrubbed only where they stand quoted. */
export const MIN_SECRET_LENGTH = 3;

export type Redactor = (text: string) => string;

/**
 * `tokenShaped: false` scrubs only the secrets given, for outputs that may rightly hold other
 * tokens (a Custom API Call's answer).
 */
export function createRedactor(secrets: Iterable<string | undefined | null>, opts: { tokenShaped?: boolean } = {}): Redactor {
  const scrubKnown = knownSecretScrubber(secrets);
  if (opts.tokenShaped === false) return scrubKnown;
  return (text: string) => scrubKnown(text).replace(TOKEN_PATTERN, REDACTED);
}

export function redact(text: string, secrets: Iterable<string | undefined | null> = []): string {
  return createRedactor(secrets)(text);
}

/** The strings that stand for `secret` in a message: its forms, quoted when it is short. */
function patternsOf(secret: string): string[] {
  const forms = [...formsOf(secret)];
  return secret.length >= MIN_SECRET_LENGTH ? forms : forms.flatMap((f) => [`"${f}"`, `'${f}'`]);
}

/**
 * Neither a secret nor any of its forms is shorter than the secret, and a string longer than the
 * text cannot be in it: the matcher covers only the secrets as long as the longest text seen so
 * far (rebuilt, at least doubled, when a longer text comes), so a huge credential costs nothing
 * while messages are short.
 */
function knownSecretScrubber(secrets: Iterable<string | undefined | null>): Redactor {
  const pending = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.length > 0))].sort((a, b) => a.length - b.length);
  if (pending.length === 0) return (text) => text;
  const patterns: string[] = [];
  let next = 0;
  let matcher: TextMatcher | undefined;
  let coversUpTo = -1;
  return (text: string) => {
    if (text.length < pending[0].length) return text;
    if (text.length > coversUpTo) {
      coversUpTo = Math.max(text.length, 2 * coversUpTo);
      for (; next < pending.length && pending[next].length <= coversUpTo; next++) patterns.push(...patternsOf(pending[next]));
      matcher = new TextMatcher([...new Set(patterns.filter((p) => p.length <= coversUpTo))]);
    }
    return replaceRanges(text, matcher!);
  };
}

function replaceRanges(text: string, matcher: TextMatcher): string {
  const ranges = matcher.coveredRanges(text);
  if (ranges.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const [start, end] of ranges) {
    out += text.slice(cursor, start) + REDACTED;
    cursor = end;
  }
  return out + text.slice(cursor);
}

/** Characters no form changes (`encodeURIComponent` keeps them, JSON and `%q` too). */
const PLAIN = /^[A-Za-z0-9\-_.!~*'()]*$/;

/** The secret as it is and as JSON, Go's `%q` and URL encoding write it. */
export function formsOf(secret: string): Set<string> {
  // Most values: every encoding leaves them as they are.
  if (PLAIN.test(secret)) return new Set([secret]);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([secret, json, goJson(json), goQuote(secret, false), goQuote(secret, true)]);
  try {
    const url = encodeURIComponent(secret);
    forms.add(url);
    forms.add(url.replace(/%20/g, '+'));
  } catch {
    // An unpaired surrogate has no URL form.
  }
  return forms;
}

/** Go's encoding/json also escapes `<`, `>`, `&`, U+2028 and U+2029. */
function goJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const GO_SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };

/** What Go's `strconv.Quote` (`%q`) writes between the quotes; `asciiOnly` is `%+q`. */
function goQuote(text: string, asciiOnly: boolean): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp < 0x80 ? cp >= 0x20 && cp < 0x7f : !asciiOnly && PRINTABLE.test(ch)) out += ch;
    else if (GO_SHORT_ESCAPES[cp]) out += GO_SHORT_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    // An unpaired surrogate reaches Go as U+FFFD (printable).
    else if (cp >= 0xd800 && cp <= 0xdfff) out += asciiOnly ? '\\ufffd' : '\ufffd';
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/**
 * A copy of a JSON-like value with `scrub` applied to every string in it (keys kept). A value
 * nested more than `MAX_JSON_DEPTH` levels is an unexpected answer (`VaultError`).
 */
export function redactLeaves(value: unknown, scrub: Redactor): unknown {
  return mapLeaves(value, (v) => (typeof v === 'string' ? scrub(v) : v), answerTooDeep);
}

/** Every string (and number) of a request body, however deep: the written values redaction scrubs. */
export function stringLeaves(value: unknown): string[] {
  return textLeaves(value);
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/**
 * The start of some input, fit to quote in an error message: at most `max` characters (then `…`),
 * control characters shown as `?`, token-shaped text scrubbed.
 */
export function excerpt(text: string, max = 60): string {
  // Tokens are scrubbed over a wider window, so a cut cannot leave the start of one behind.
  const window = redact(text.slice(0, max + 120).replace(CONTROL_CHARS, '?'));
  return text.length <= max && window.length <= max ? window : `${window.slice(0, max)}…`;
}

/** `excerpt`, quoted, with the full length said when cut. */
export function quoteExcerpt(text: string, max = 60): string {
  const shown = excerpt(text, max);
  return text.length <= max ? JSON.stringify(shown) : `${JSON.stringify(shown)} (${text.length} characters)`;
}

/**
 * Scrubs secrets out of text before it reaches an error or a log: every value it was told about
 * (tokens, secret_ids, passwords, written values) and anything shaped like a Vault token.
 */

export const REDACTED = '[redacted]';

/** `hvs.`/`hvb.`/`hvr.` (Vault >= 1.10) and legacy `s.`/`b.`/`r.` tokens. */
const TOKEN_PATTERN = /\b(?:hv[sbr]\.[A-Za-z0-9_-]{20,}|[sbr]\.[A-Za-z0-9]{20,})/g;

/** Secrets shorter than this are not scrubbed on their own (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 3;

export type Redactor = (text: string) => string;

/** Distinct secrets worth scrubbing, longest first so a secret containing another is removed whole. */
function scrubList(secrets: Iterable<string | undefined | null>): string[] {
  return [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
}

/**
 * `tokenShaped: false` scrubs only the secrets given, for outputs that may rightly hold other
 * tokens (a Custom API Call's answer).
 */
export function createRedactor(secrets: Iterable<string | undefined | null>, opts: { tokenShaped?: boolean } = {}): Redactor {
  const list = scrubList(secrets);
  if (opts.tokenShaped === false) return (text: string) => replaceKnown(text, list);
  return (text: string) => replaceKnown(text, list).replace(TOKEN_PATTERN, REDACTED);
}

export function redact(text: string, secrets: Iterable<string | undefined | null> = []): string {
  return replaceKnown(text, scrubList(secrets)).replace(TOKEN_PATTERN, REDACTED);
}

function replaceKnown(text: string, list: string[]): string {
  let out = text;
  for (const s of list) {
    out = out.split(s).join(REDACTED);
    // Also the JSON-escaped form (a secret with quotes or newlines quoted inside a message).
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/** A copy of a JSON-like value with `scrub` applied to every string in it (keys kept). */
export function redactLeaves(value: unknown, scrub: Redactor): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => redactLeaves(v, scrub));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactLeaves(v, scrub)]));
  }
  return value;
}

/** Every string leaf of a request body (written secret values), for redaction. */
export function stringLeaves(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 20 || value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out, depth + 1);
  else if (typeof value === 'object') for (const v of Object.values(value as Record<string, unknown>)) stringLeaves(v, out, depth + 1);
  return out;
}

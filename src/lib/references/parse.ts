/**
 * Finds Vault secret references in text. Three forms are understood:
 *
 *   {{<secretManagerConnectionId>|ap_sep_v1|<path>}}   (Activepieces secret managers)
 *   {{hashicorp:<path>}}                                (older Activepieces form)
 *   {{vault:<path>}}
 *
 * Each may also be written with square brackets, `[[vault:<path>]]`: the flow engine evaluates every
 * `{{...}}` in a step's input as an expression before the step runs (a `{{vault:...}}` typed into
 * a step's field reaches the step as an empty string), so inside flows the bracket form is the one
 * that survives.
 *
 * `<path>` is `mount/data/path/key` (KV v2) or `mount/path/key` (KV v1): the last segment is the key,
 * the rest is the secret. Whitespace inside the delimiters is tolerated. Anything between them
 * that looks like a reference (a `vault:`/`hashicorp:` prefix or the `|ap_sep_v1|` separator) but
 * does not parse is an error: leaving it in place would hand the literal text to another service
 * as a password. Other `{{...}}` / `[[...]]` text is not ours and is left alone.
 */
import { VaultError } from '../vault/errors';
import { MAX_PATH_LENGTH } from '../vault/paths';
import { excerpt } from '../vault/redact';
import { MIN_REFERENCE_SEGMENTS, REFERENCE_FORMS, splitReference } from '../vault/kv/reference';

export type ReferenceForm = 'ap_sep_v1' | 'hashicorp' | 'vault';

export interface SecretReference {
  /** The exact text of the reference, braces included (never contains a secret). */
  raw: string;
  form: ReferenceForm;
  /** The secret-manager connection id of the `ap_sep_v1` form. */
  connectionId?: string;
  /** `mount/data/path/key` or `mount/path/key`, whitespace trimmed. */
  path: string;
  /** The path without its last segment: what is read from Vault. */
  secretPath: string;
  /** The last segment: the key inside the secret. */
  key: string;
  /** Offsets of `raw` in the scanned text. */
  start: number;
  end: number;
}

export interface MalformedReference {
  /** The text from the opening to its closing (or, unclosed, to the next opening or the end): may hold anything. */
  raw: string;
  /** What messages quote: a short excerpt of `raw` that stops where the path seems to end (`referenceExcerpt`). */
  shown: string;
  reason: string;
  start: number;
  end: number;
}

export type ScannedReference = { ok: true; ref: SecretReference } | { ok: false; error: MalformedReference };

export class ReferenceSyntaxError extends VaultError {
  /** `reference` is the excerpt to quote (`MalformedReference.shown`), never the whole text. */
  constructor(readonly reference: string, readonly reason: string) {
    super({ kind: 'reference', summary: `Malformed Vault reference ${reference}: ${reason}`, hint: '' });
    this.name = 'ReferenceSyntaxError';
  }
}

const SEPARATOR = '|ap_sep_v1|';
const PREFIX_NAMES = ['vault', 'hashicorp'] as const;
/** What an error quotes of a malformed reference, at most. */
const MAX_EXCERPT = 64;
const CONNECTION_ID = /^[A-Za-z0-9_.-]+$/;
// Characters that never belong in a Vault path segment of a reference (and would hint at a typo).
const BAD_SEGMENT_CHAR = /[\s{}[\]|?#\u0000-\u001f\u007f]/;

const DELIMITERS = [
  { open: '{{', close: '}}' },
  { open: '[[', close: ']]' },
] as const;

/**
 * `indexOf` for a scan that only moves forward: each needle's last answer is reused while it is
 * still ahead of the cursor, so a whole scan reads the text a bounded number of times. Without
 * this, `{{{{{{...` (no closing) or `{{{{...}}` made every opening search to the end again:
 * quadratic, seconds of blocked event loop for a value of a few hundred kilobytes.
 */
class ForwardFinder {
  private readonly last = new Map<string, { from: number; at: number }>();
  constructor(private readonly text: string) {}

  indexOf(needle: string, from: number): number {
    const cached = this.last.get(needle);
    if (cached && from >= cached.from && (cached.at < 0 || cached.at >= from)) return cached.at;
    const at = this.text.indexOf(needle, from);
    this.last.set(needle, { from, at });
    return at;
  }
}

/** The next opening delimiter at or after `from`. */
function nextOpening(find: ForwardFinder, from: number): { start: number; close: string } | undefined {
  let best: { start: number; close: string } | undefined;
  for (const d of DELIMITERS) {
    const at = find.indexOf(d.open, from);
    if (at >= 0 && (!best || at < best.start)) best = { start: at, close: d.close };
  }
  return best;
}

function isSpace(text: string, i: number): boolean {
  return /\s/.test(text[i]);
}

/**
 * `vault:` or `hashicorp:` (any case, white space around the name) starting at `from` and ending
 * by `to`: the name and where the path begins, or undefined. A loop bounded by `to`, where the
 * former sticky regular expression read white space on past it.
 */
function prefixAt(text: string, from: number, to: number): { name: ReferenceForm; end: number } | undefined {
  let i = from;
  while (i < to && isSpace(text, i)) i++;
  for (const name of PREFIX_NAMES) {
    if (i + name.length > to || text.slice(i, i + name.length).toLowerCase() !== name) continue;
    let j = i + name.length;
    while (j < to && isSpace(text, j)) j++;
    if (j < to && text[j] === ':') return { name, end: j + 1 };
  }
  return undefined;
}

/** True when `text` between `from` and `to` is meant as a Vault reference (a prefix or the separator). */
function looksLikeReferenceAt(text: string, find: ForwardFinder, from: number, to: number): boolean {
  const separator = find.indexOf(SEPARATOR, from);
  if (separator >= 0 && separator + SEPARATOR.length <= to) return true;
  return prefixAt(text, from, to) !== undefined;
}

/**
 * What an error quotes of a malformed reference: its start, cut at the first white space or quote
 * once the path has begun (an unclosed reference runs on into whatever follows it, a password
 * included), at most 64 characters and then `…`, control characters and token-shaped text scrubbed.
 */
export function referenceExcerpt(raw: string): string {
  let end = Math.min(raw.length, MAX_EXCERPT);
  const pathStart = raw.indexOf('/');
  if (pathStart >= 0 && pathStart < end) {
    for (let i = pathStart; i < end; i++) {
      if (isSpace(raw, i) || raw[i] === '"' || raw[i] === "'" || raw[i] === '`') {
        end = i;
        break;
      }
    }
  }
  return end < raw.length ? `${excerpt(raw.slice(0, end), MAX_EXCERPT)}…` : excerpt(raw, MAX_EXCERPT);
}

/** Every reference-looking `{{...}}` or `[[...]]` in `text`, parsed or with the reason it does not parse. */
export function scanReferences(text: string): ScannedReference[] {
  const found: ScannedReference[] = [];
  const find = new ForwardFinder(text);
  let from = 0;
  while (from < text.length) {
    const opening = nextOpening(find, from);
    if (!opening) break;
    const { start } = opening;
    const close = find.indexOf(opening.close, start + 2);
    if (close < 0) {
      const following = nextOpening(find, start + 2);
      const end = following ? following.start : text.length;
      if (looksLikeReferenceAt(text, find, start + 2, end)) {
        const raw = text.slice(start, end);
        found.push({ ok: false, error: { raw, shown: referenceExcerpt(raw), reason: `it has no closing \`${opening.close}\``, start, end } });
        from = end;
        continue;
      }
      from = start + 2;
      continue;
    }
    if (!looksLikeReferenceAt(text, find, start + 2, close)) {
      from = start + 2;
      continue;
    }
    const end = close + 2;
    found.push(parseInner(text.slice(start + 2, close), text.slice(start, end), start, end));
    from = end;
  }
  return found;
}

/** All references in `text`; throws `ReferenceSyntaxError` on the first malformed one. */
export function parseReferences(text: string): SecretReference[] {
  return scanReferences(text).map((item) => {
    if (!item.ok) throw new ReferenceSyntaxError(item.error.shown, item.error.reason);
    return item.ref;
  });
}

/** True when the whole string (surrounding whitespace aside) is exactly one reference. */
export function isWholeReference(text: string, ref: SecretReference): boolean {
  return text.slice(0, ref.start).trim() === '' && text.slice(ref.end).trim() === '';
}

function parseInner(inner: string, raw: string, start: number, end: number): ScannedReference {
  const fail = (reason: string): ScannedReference => ({ ok: false, error: { raw, shown: referenceExcerpt(raw), reason, start, end } });
  let form: ReferenceForm;
  let connectionId: string | undefined;
  let pathText: string;
  if (inner.includes(SEPARATOR)) {
    const parts = inner.split(SEPARATOR);
    if (parts.length !== 2) return fail('`|ap_sep_v1|` must appear exactly once');
    connectionId = parts[0].trim();
    if (!connectionId) return fail('the secret manager connection id before `|ap_sep_v1|` is empty');
    if (!CONNECTION_ID.test(connectionId)) return fail('the connection id may only hold letters, digits, `_`, `-` and `.`');
    form = 'ap_sep_v1';
    pathText = parts[1];
  } else {
    const prefix = prefixAt(inner, 0, inner.length)!;
    form = prefix.name;
    pathText = inner.slice(prefix.end);
  }
  const path = pathText.trim();
  const problem = pathProblem(path);
  if (problem) return fail(problem);
  return { ok: true, ref: { raw, form, connectionId, path, ...splitReference(path), start, end } };
}

function pathProblem(path: string): string | undefined {
  if (!path) return `the path is empty; write ${REFERENCE_FORMS}`;
  if (path.length > MAX_PATH_LENGTH) return `the path is ${path.length} characters long; at most ${MAX_PATH_LENGTH} are allowed`;
  if (path.startsWith('/') || path.endsWith('/')) return 'the path must not start or end with `/`';
  const segments = path.split('/');
  if (segments.length < MIN_REFERENCE_SEGMENTS) {
    return `the path needs a mount, a secret and a key: ${REFERENCE_FORMS}`;
  }
  for (const segment of segments) {
    if (!segment) return 'the path has an empty segment (`//`)';
    if (segment === '.' || segment === '..') return 'the path must not contain `.` or `..` segments';
    if (BAD_SEGMENT_CHAR.test(segment)) return 'the path contains whitespace, braces, `|`, `?` or `#`';
  }
  return undefined;
}

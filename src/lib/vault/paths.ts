import { VaultPathError } from './errors';
import { quoteExcerpt } from './redact';

/**
 * The longest Vault path accepted, mount included (characters, before URL encoding). Real paths
 * are a few dozen characters; a longer one is a mistake or an attack, and every check after this
 * one then works on bounded text. Also the bound of a reference's path.
 */
export const MAX_PATH_LENGTH = 4096;
/** An encoded path: each character may become up to 9 (`%E2%82%AC`). */
const MAX_ENCODED_PATH_LENGTH = 9 * MAX_PATH_LENGTH;

const CONTROL = /[\u0000-\u001f\u007f]/;
/** Half of a UTF-16 surrogate pair on its own: `encodeURIComponent` throws a bare URIError on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Percent-encoded `.`, `/`, `\` or NUL: traversal hidden from a plain check. */
const ENCODED_TRAVERSAL = /%(2e|2f|5c|00)/i;

function refuse(path: string, why: string): never {
  throw new VaultPathError(
    `The Vault path ${quoteExcerpt(path, 120)} is not allowed: ${why}`,
    'Use a path like "secret/app/db": segments separated by single slashes, without "..", ".", "?", "#", "\\" or encoded slashes.',
  );
}

/** Why `text` is too long for a Vault path or a name in one; undefined when it is not. */
export function lengthProblem(text: string, max = MAX_PATH_LENGTH): string | undefined {
  return text.length > max ? `it is ${text.length} characters long; at most ${max} are allowed` : undefined;
}

/** `text` without the slashes at both ends. A loop: `/^\/+|\/+$/` is quadratic on `a///...//b`. */
export function trimSlashes(text: string): string {
  return trimTrailingSlashes(trimLeadingSlashes(text));
}

export function trimLeadingSlashes(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === 0x2f) start++;
  return start === 0 ? text : text.slice(start);
}

/** `text` without the slashes at its end. A loop: `/\/+$/` backtracks at every slash run. */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Control characters or half a surrogate pair: text that cannot be part of any Vault path. */
export function textProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'it contains control characters';
  if (LONE_SURROGATE.test(text)) return 'it contains an invalid (unpaired) Unicode character';
  return undefined;
}

/**
 * Why a path (mount included, a leading slash ignored, a trailing slash naming a folder) would
 * reach something else than it says, or change the URL; undefined when it is fine.
 */
export function pathProblem(path: string): string | undefined {
  const text = lengthProblem(path) ?? textProblem(path);
  if (text) return text;
  const trimmed = trimLeadingSlashes(path.trim());
  if (trimmed === '') return 'it is empty';
  if (trimmed.includes('?')) return 'it contains "?"';
  if (trimmed.includes('#')) return 'it contains "#"';
  if (trimmed.includes('\\')) return 'it contains a backslash';
  if (ENCODED_TRAVERSAL.test(trimmed)) return 'it contains an encoded ".", "/" or "\\"';
  const segments = trimmed.split('/');
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] === '' && i !== segments.length - 1) return 'it contains an empty segment ("//")';
    if (segments[i] === '.' || segments[i] === '..') return `it contains a "${segments[i]}" segment`;
  }
  return undefined;
}

/** Why a name that becomes ONE path segment (a policy, a user, a key, a role) is refused. */
export function nameProblem(name: string): string | undefined {
  const text = lengthProblem(name) ?? textProblem(name);
  if (text) return text;
  if (name.includes('/')) return 'it contains "/"';
  if (name === '.' || name === '..') return `it is "${name}"`;
  return undefined;
}

/**
 * Validates a Vault path and returns its segments. A leading slash is ignored; a trailing slash
 * (a folder) is kept as a final empty segment, so `encodePath(splitPath('a/b/'))` is `a/b/`.
 * Throws `VaultPathError` (kind `invalid_path`) for traversal and characters that would change
 * the URL.
 */
export function splitPath(path: string): string[] {
  if (typeof path !== 'string') refuse(String(path), 'it is not text');
  const problem = pathProblem(path);
  if (problem) refuse(path.replace(new RegExp(LONE_SURROGATE.source, 'g'), '?'), problem);
  return trimLeadingSlashes(path.trim()).split('/');
}

/** The segments of a mount path: `/team/app/kv/` -> `['team', 'app', 'kv']`. */
export function mountSegments(mount: string): string[] {
  return mount.split('/').filter((s) => s !== '');
}

/** URL-encodes each segment and joins them with `/`. */
export function encodePath(segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

/**
 * A request path below an engine's mount, checked and encoded: `pathUnder('team/pki/', 'issue', 'web')`
 * is `team/pki/issue/web`. Every engine with a configurable mount builds its paths with it.
 */
export function pathUnder(mount: string, ...rest: string[]): string {
  return encodePath([...splitPath(mount).filter((s) => s !== ''), ...rest]);
}

/** Validates and encodes in one go. */
export function toRequestPath(path: string): string {
  return encodePath(splitPath(path));
}

/**
 * Last line of defence in the HTTP layer for paths that should already be encoded: refuses
 * anything that would escape `/v1/` or change the query.
 */
export function assertEncodedPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0) refuse(String(path), 'it is empty');
  const long = lengthProblem(path, MAX_ENCODED_PATH_LENGTH);
  if (long) refuse(path, long);
  if (CONTROL.test(path) || LONE_SURROGATE.test(path) || /[?#\\]/.test(path) || ENCODED_TRAVERSAL.test(path)) {
    refuse(path, 'it contains characters that are not allowed in a request path');
  }
  const segments = trimLeadingSlashes(path).split('/');
  segments.forEach((segment, i) => {
    if (segment === '.' || segment === '..') refuse(path, `it contains a "${segment}" segment`);
    if (segment === '' && i !== segments.length - 1) refuse(path, 'it contains an empty segment ("//")');
  });
}

const URL_SAFE_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/;

/**
 * Encodes the segments of a path that are not yet URL-safe (a caller that passed `my key` instead
 * of `my%20key`); already-encoded segments are kept as they are.
 */
export function ensureEncodedPath(path: string): string {
  return trimLeadingSlashes(path)
    .split('/')
    .map((s) => (URL_SAFE_SEGMENT.test(s) ? s : encodeURIComponent(s)))
    .join('/');
}

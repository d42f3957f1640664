import { VaultPathError } from './errors';

const CONTROL = /[\u0000-\u001f\u007f]/;
/** Half of a UTF-16 surrogate pair on its own: `encodeURIComponent` throws a bare URIError on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Percent-encoded `.`, `/`, `\` or NUL: traversal hidden from a plain check. */
const ENCODED_TRAVERSAL = /%(2e|2f|5c|00)/i;

function refuse(path: string, why: string): never {
  throw new VaultPathError(
    `The Vault path ${JSON.stringify(path)} is not allowed: ${why}`,
    'Use a path like "secret/app/db": segments separated by single slashes, without "..", ".", "?", "#", "\\" or encoded slashes.',
  );
}

/**
 * Validates a Vault path and returns its segments. A leading slash is ignored; a trailing slash
 * (a folder) is kept as a final empty segment, so `encodePath(splitPath('a/b/'))` is `a/b/`.
 * Throws `VaultPathError` (kind `invalid_path`) for traversal and characters that would change
 * the URL.
 */
export function splitPath(path: string): string[] {
  if (typeof path !== 'string') refuse(String(path), 'it is not text');
  if (CONTROL.test(path)) refuse(path.replace(/[\u0000-\u001f\u007f]/g, '?'), 'it contains control characters');
  if (LONE_SURROGATE.test(path)) refuse(path.replace(new RegExp(LONE_SURROGATE.source, 'g'), '?'), 'it contains an invalid (unpaired) Unicode character');
  const trimmed = path.trim().replace(/^\/+/, '');
  if (trimmed === '') refuse(path, 'it is empty');
  if (trimmed.includes('?')) refuse(path, 'it contains "?"');
  if (trimmed.includes('#')) refuse(path, 'it contains "#"');
  if (trimmed.includes('\\')) refuse(path, 'it contains a backslash');
  if (ENCODED_TRAVERSAL.test(trimmed)) refuse(path, 'it contains an encoded ".", "/" or "\\"');
  const segments = trimmed.split('/');
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '' && !last) refuse(path, 'it contains an empty segment ("//")');
    if (segment === '.' || segment === '..') refuse(path, `it contains a "${segment}" segment`);
  });
  return segments;
}

/** URL-encodes each segment and joins them with `/`. */
export function encodePath(segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
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
  if (CONTROL.test(path) || LONE_SURROGATE.test(path) || /[?#\\]/.test(path) || ENCODED_TRAVERSAL.test(path)) {
    refuse(path, 'it contains characters that are not allowed in a request path');
  }
  const segments = path.replace(/^\/+/, '').split('/');
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
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((s) => (URL_SAFE_SEGMENT.test(s) ? s : encodeURIComponent(s)))
    .join('/');
}

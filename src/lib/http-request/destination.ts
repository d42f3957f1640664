/**
 * Where a request goes. References may fill in the path, the query and headers, never the scheme,
 * host or port: a secret must not choose where it (or another secret) is sent. The destination is
 * read from the URL as typed, before anything is resolved, and checked again after.
 */
import { ActionInputError } from '../common/validate';
import { scanReferences, type SecretReference } from '../references/parse';

export interface Destination {
  /** `https://api.example.com:8443`: fixed before any reference is resolved. */
  origin: string;
  /** The URL as typed, without query and fragment (references shown as written), for messages. */
  shown: string;
}

const MAX_SHOWN = 200;

/** Where the authority (`user@host:port`) of `http(s)://...` ends: the first `/`, `\`, `?` or `#` after it. */
function authorityEnd(url: string, from: number): number {
  for (let i = from; i < url.length; i++) {
    const c = url[i];
    if (c === '/' || c === '\\' || c === '?' || c === '#') return i;
  }
  return url.length;
}

/** Checks the URL as typed; throws an `ActionInputError` that never repeats the URL's text. */
export function destinationOf(url: string): Destination {
  const scheme = /^https?:\/\//i.exec(url);
  if (!scheme) throw new ActionInputError('send_http_request: "url" must start with http:// or https://');
  const end = authorityEnd(url, scheme[0].length);
  if (scanReferences(url).some((item) => (item.ok ? item.ref.start : item.error.start) < end)) {
    throw new ActionInputError(
      'send_http_request: "url": a Vault reference may not stand in the scheme, host or port (a secret must not choose where it is sent). ' +
        'Put references in the path, the query, headers or the body.',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url.slice(0, end));
  } catch {
    throw new ActionInputError('send_http_request: "url" is not a valid http(s) address');
  }
  if (parsed.username || parsed.password) {
    throw new ActionInputError('send_http_request: "url" must not carry a user name or password; send credentials in a header (e.g. Authorization) instead');
  }
  const pathEnd = url.search(/[?#]/);
  const shown = pathEnd < 0 ? url : url.slice(0, pathEnd);
  return { origin: parsed.origin, shown: shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}...` : shown };
}

/**
 * The URL with each reference replaced by its value, URL-encoded (a value cannot add a path
 * segment, a query parameter or a fragment), plus the query parameters, without a fragment.
 */
export function buildUrl(url: string, destination: Destination, valueOf: (ref: SecretReference) => string, query: ReadonlyArray<readonly [string, string]>): URL {
  let out = '';
  let cursor = 0;
  for (const item of scanReferences(url)) {
    if (!item.ok) continue; // resolution already refused malformed references
    out += url.slice(cursor, item.ref.start) + encodeURIComponent(valueOf(item.ref));
    cursor = item.ref.end;
  }
  out += url.slice(cursor);
  let target: URL;
  try {
    target = new URL(out);
  } catch {
    throw new ActionInputError('send_http_request: "url" is not a valid address once its references are filled in');
  }
  // Cannot differ (references stand after the authority and are encoded): checked all the same.
  if (target.origin !== destination.origin) throw new ActionInputError('send_http_request: the references changed the destination of "url"; nothing was sent');
  target.hash = '';
  if (query.length > 0) {
    const extra = new URLSearchParams(query.map(([k, v]): [string, string] => [k, v])).toString();
    target.search = target.search ? `${target.search}&${extra}` : `?${extra}`;
  }
  return target;
}

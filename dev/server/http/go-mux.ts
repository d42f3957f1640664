/**
 * What Vault's Go HTTP stack answers before its API handlers see a request: ServeMux's 301 to the
 * cleaned path ('.', '..', '//', also percent-encoded, since it cleans the decoded path), the root
 * redirect to /ui/, the UI stub page, and 404 outside /v1/.
 */
import type { Result } from '../util/respond';
import { UI_STUB_HTML } from './ui-stub';

const HTML = 'text/html; charset=utf-8';

/** Go's path.Clean with ServeMux's trailing-slash rule (net/http cleanPath). */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  const rooted = p.startsWith('/') ? p : `/${p}`;
  const out: string[] = [];
  for (const seg of rooted.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  let np = `/${out.join('/')}`;
  if (rooted.endsWith('/') && np !== '/') np += '/';
  return np;
}

const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

/** net/http Redirect: a short HTML body for GET and HEAD only. */
function redirect(method: string, status: 301 | 307, location: string): Result {
  const text = status === 301 ? 'Moved Permanently' : 'Temporary Redirect';
  const get = method === 'GET' || method === 'HEAD';
  return {
    status,
    // net/http sets no Content-Type on a redirect without a body ('' drops the server's default)
    headers: { Location: location, 'Content-Type': get ? HTML : '' },
    raw: get ? `<a href="${htmlEscape(location)}">${text}</a>.\n\n` : '',
  };
}

/** url.URL{Path}.String(): the path escaped again for the Location header. */
function escapePath(p: string): string {
  return p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c));
}

/** An answer from the mux itself, or undefined for Vault's API handlers. `path` is decoded. */
export function muxAnswer(method: string, path: string, rawQuery: string): Result | undefined {
  const clean = cleanPath(path);
  if (clean !== path && method !== 'CONNECT') return redirect(method, 301, escapePath(clean) + (rawQuery ? `?${rawQuery}` : ''));
  if (path === '/') return redirect(method, 307, '/ui/');
  if (path === '/ui') return redirect(method, 301, '/ui/');
  if (path.startsWith('/ui/')) return { status: 200, headers: { 'Content-Type': HTML }, raw: UI_STUB_HTML };
  if (!path.startsWith('/v1/')) return { status: 404, body: { errors: [] } };
  return undefined;
}

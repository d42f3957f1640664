/**
 * The `otpauth://` URLs of Vault 1.8's TOTP engine: read the way path_keys.go reads an imported one
 * (Go's url.Parse, then Path and Query()), and written the way pquerna/otp's totp.Generate writes
 * one (url.Values.Encode sorted by name, the path escaped by url.URL.String). Linear in the input.
 */

export interface ParsedUrl {
  /** The unescaped path, without its leading slash. */
  path: string;
  query: Map<string, string>;
}

const HEX = '0123456789ABCDEF';

/** Go's url.unescape (on bytes); `plusIsSpace` for query components. undefined on a bad `%` escape. */
function unescape(s: string, plusIsSpace: boolean): string | undefined {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i];
    if (b === 0x25 /* % */) {
      const hex = src.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(b === 0x2b /* + */ && plusIsSpace ? 0x20 : b);
  }
  return Buffer.from(out).toString('utf8');
}

/** url.Parse as far as Path and Query(): undefined where Go fails to parse. */
export function parseGoUrl(raw: string): ParsedUrl | undefined {
  if (/[\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(rest);
  if (rest.startsWith(':')) return undefined; // "missing protocol scheme"
  if (scheme) rest = rest.slice(scheme[0].length);
  let rawQuery = '';
  const question = rest.indexOf('?');
  if (question !== -1) {
    rawQuery = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  const path = unescape(rest, false);
  if (path === undefined) return undefined;
  return { path: path.replace(/^\//, ''), query: parseQuery(rawQuery) };
}

/** url.ParseQuery then Values.Get: the first value of each name; pairs that fail to unescape are dropped. */
function parseQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = unescape(eq === -1 ? pair : pair.slice(0, eq), true);
    const value = unescape(eq === -1 ? '' : pair.slice(eq + 1), true);
    if (key === undefined || value === undefined || out.has(key)) continue;
    out.set(key, value);
  }
  return out;
}

/** Go's shouldEscape for a path (`keep` = the reserved characters kept there) or a query component. */
function escape(s: string, keep: string, spaceAsPlus: boolean): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/^[A-Za-z0-9\-_.~]$/.test(c) || keep.includes(c)) out += c;
    else if (c === ' ' && spaceAsPlus) out += '+';
    else out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/** `otpauth://totp/<issuer>:<account>?algorithm=..&digits=..&issuer=..&period=..&secret=..` as pquerna writes it. */
export function keyUrl(opts: { issuer: string; accountName: string; secret: string; period: number; algorithm: string; digits: number }): string {
  const values: Array<[string, string]> = [
    ['algorithm', opts.algorithm],
    ['digits', String(opts.digits)],
    ['issuer', opts.issuer],
    ['period', String(opts.period)],
    ['secret', opts.secret],
  ];
  const query = values.map(([k, v]) => `${k}=${escape(v, '', true)}`).join('&');
  return `otpauth://totp/${escape(`${opts.issuer}:${opts.accountName}`, '$&+,/:;=@', false)}?${query}`;
}

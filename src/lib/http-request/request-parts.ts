/**
 * The parts of the outgoing request built from the (resolved) props: headers checked so that no
 * value can split them and no header the transport owns can be set, and the body encoded by its
 * type. Messages name a header or a field, never a value.
 */
import { ActionInputError } from '../common/validate';
import { valueText } from './secret-forms';

export type BodyType = 'json' | 'text' | 'form';

/** Set by the transport from the URL and the body; `host` would let a value pick the virtual host. */
const TRANSPORT_HEADERS = new Set([
  'host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect',
  'proxy-connection', 'proxy-authorization',
]);
/** An HTTP token character (RFC 9110): a header name is one or more of these. */
const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;
const isToken = (name: string): boolean => name.length > 0 && [...name].every((c) => TOKEN_CHAR.test(c));
const UNSAFE_VALUE = /[\r\n\u0000]/;

const fail = (message: string): never => {
  throw new ActionInputError(`send_http_request: ${message}`);
};

/** Header names lower-cased; a value that would end the header line is refused. */
export function requestHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.trim().toLowerCase();
    if (!isToken(name)) fail(`header name ${JSON.stringify(rawName.slice(0, 60))} is not a valid HTTP header name`);
    if (TRANSPORT_HEADERS.has(name)) fail(`header "${name}" is set by the transport and cannot be given`);
    if (value === null || value === undefined) continue;
    const text = valueText(value);
    // After resolution: a secret holding a line break would smuggle headers.
    if (UNSAFE_VALUE.test(text)) fail(`the value of header "${name}" contains a line break or NUL character, which HTTP headers cannot carry`);
    out[name] = text;
  }
  return out;
}

/** Query parameters in order; a list value repeats the parameter. */
export function queryPairs(query: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.push([name, valueText(item)]);
  }
  return out;
}

export interface EncodedBody {
  payload: string;
  contentType: string;
}

/** The body as sent: JSON, text, or `application/x-www-form-urlencoded` fields. */
export function encodeBody(bodyType: BodyType, body: unknown): EncodedBody | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  switch (bodyType) {
    case 'json':
      return { payload: JSON.stringify(body), contentType: 'application/json' };
    case 'text':
      return { payload: valueText(body), contentType: 'text/plain; charset=utf-8' };
    case 'form':
      return { payload: formFields(body), contentType: 'application/x-www-form-urlencoded' };
  }
}

function formFields(body: unknown): string {
  if (typeof body !== 'object' || Array.isArray(body)) return fail('with body type "form" the body must be a JSON object of fields, e.g. {"grant_type": "client_credentials"}');
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object') fail(`form field "${name.slice(0, 60)}" must be text, a number or a boolean (or a list of them)`);
      params.append(name, String(item));
    }
  }
  return params.toString();
}

/**
 * A `VaultRequest` as it goes on the wire: the method (LIST sent as GET ?list=true, which proxies
 * let through), `/v1/` path and query, Vault's headers and the JSON body.
 */
import type { Dispatcher } from 'undici';
import { VaultError } from '../errors';
import type { RequestContext } from '../http-errors';
import type { VaultRequest } from '../types';

export interface Outgoing {
  method: Dispatcher.HttpMethod;
  /** Below the connection's origin: base path, `/v1/`, the encoded path and the query. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface Sender {
  basePath: string;
  namespace: string | undefined;
}

/** `path` is already checked and encoded; `token` is the one to send (none for a login). */
export function outgoing(req: VaultRequest, path: string, token: string | undefined, sender: Sender, where: () => RequestContext): Outgoing {
  const list = req.method === 'LIST';
  const query = list ? { ...req.query, list: 'true' } : req.query;
  return {
    method: (list ? 'GET' : req.method) as Dispatcher.HttpMethod,
    path: `${sender.basePath}/v1/${path}${query ? queryString(query) : ''}`,
    headers: headersFor(req, token, sender.namespace),
    body: req.body === undefined ? undefined : serializeBody(req.body, where),
  };
}

function headersFor(req: VaultRequest, token: string | undefined, namespace: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'x-vault-request': 'true' };
  if (token) headers['x-vault-token'] = token;
  if (namespace) headers['x-vault-namespace'] = namespace;
  if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  if (req.headers === undefined) return headers;
  // An empty value removes a default header (e.g. no namespace for the root-only sys/health).
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === '') delete headers[k.toLowerCase()];
    else headers[k.toLowerCase()] = v;
  }
  return headers;
}

function queryString(query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** JSON for the request body; a body JSON cannot express (nested too deep, cyclic, BigInt) is refused before sending. */
function serializeBody(body: unknown, where: () => RequestContext): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw new VaultError({
      ...where(),
      kind: 'bad_request',
      summary: 'The request body cannot be sent to Vault as JSON (nested too deeply, circular, or holding values JSON cannot represent); nothing was sent',
      hint: 'Flatten the data (at most a few dozen levels of nesting) and use only text, numbers, booleans, lists and objects.',
    });
  }
}

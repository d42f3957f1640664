/** Raw HTTP to the dev server for its own tests: any method, token, headers and body. */
import { Agent, request, type Dispatcher } from 'undici';
import type { VaultDevServer } from '../../dev/server';

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  namespace?: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export async function call(vault: VaultDevServer, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers['X-Vault-Token'] = opts.token;
  if (opts.namespace) headers['X-Vault-Namespace'] = opts.namespace;
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await request(`${vault.url}/v1/${path}`, {
    method: method as 'GET',
    headers,
    body,
    dispatcher: opts.dispatcher ?? (vault.tls ? new Agent({ connect: { ca: vault.tls.caPem } }) : undefined),
    signal: opts.signal,
  });
  const text = await res.body.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, body: parsed, text, headers: res.headers as CallResult['headers'] };
}

export const root = (vault: VaultDevServer, method: string, path: string, opts: CallOptions = {}) =>
  call(vault, method, path, { token: vault.rootToken, ...opts });

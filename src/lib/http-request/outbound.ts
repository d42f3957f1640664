/**
 * Sends one request to another server on a dispatcher of its own: the system's public CAs, no
 * client certificate, no proxy settings and nothing of the Vault connection (its token, CA and
 * certificate never leave for another host). Redirects are not followed (a 3xx is the answer), so
 * headers carrying secrets only go where the URL says. Time and size are bounded.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { VaultError } from '../vault/errors';
import { AnswerBoundsError, boundedExchange } from '../vault/transport/bounded-exchange';
import type { VaultErrorKind } from '../vault/types';

export type OutboundMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface OutboundRequest {
  method: OutboundMethod;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxAnswerBytes: number;
  /** How the request is named in messages (`POST https://api.example.com/v1/items`, references as typed). */
  describe: string;
}

export interface OutboundAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Decompressed; empty for HEAD. */
  body: Buffer;
}

/** Thrown errors say where and what, never a header, the URL as sent or the body. */
export async function sendOutbound(req: OutboundRequest): Promise<OutboundAnswer> {
  // Always explicit: never inherit NODE_TLS_REJECT_UNAUTHORIZED from the process.
  const agent = new Agent({ connect: { rejectUnauthorized: true, timeout: req.timeoutMs } });
  try {
    const answer = await boundedExchange(
      agent,
      { origin: req.url.origin, path: `${req.url.pathname}${req.url.search}`, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body },
      { deadline: Date.now() + req.timeoutMs, maxBytes: req.maxAnswerBytes },
    );
    const body = req.method === 'HEAD' ? Buffer.alloc(0) : answer.body;
    return { status: answer.status, headers: answer.headers, body: decompress(body, answer.headers['content-encoding'], req) };
  } catch (e) {
    throw e instanceof VaultError ? e : transportError(e, req);
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

function describeBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** A compressed answer (when the request asked for one) is read in full, within the same size bound. */
function decompress(raw: Buffer, encoding: string | string[] | undefined, req: OutboundRequest): Buffer {
  const name = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? '')).trim().toLowerCase();
  if (name === '' || name === 'identity' || raw.length === 0) return raw;
  const options = { maxOutputLength: req.maxAnswerBytes };
  try {
    if (name === 'gzip' || name === 'x-gzip') return gunzipSync(raw, options);
    if (name === 'deflate') return inflateSync(raw, options);
    if (name === 'br') return brotliDecompressSync(raw, options);
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw failure(
      req,
      'unexpected_response',
      tooBig
        ? `The ${name}-compressed answer is larger than ${describeBytes(req.maxAnswerBytes)} once decompressed, the most this step reads`
        : `The answer says it is ${name}-compressed but could not be decompressed`,
      tooBig ? 'Ask the server for less.' : 'Leave out the Accept-Encoding header to get it uncompressed.',
    );
  }
  // An encoding we do not read: kept as sent (it is scrubbed as text like any other answer).
  return raw;
}

function failure(req: OutboundRequest, kind: VaultErrorKind, summary: string, hint: string): VaultError {
  return new VaultError({ kind, summary: `${req.describe}: ${summary}`, hint, address: req.url.origin });
}

const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/;

function codeOf(e: unknown): string {
  const err = e as { code?: unknown; name?: unknown; cause?: { code?: unknown } } | undefined;
  const own = typeof err?.code === 'string' ? err.code : '';
  const cause = typeof err?.cause?.code === 'string' ? err.cause.code : '';
  if (own && own !== 'UND_ERR_SOCKET') return own;
  return cause || own || (typeof err?.name === 'string' ? err.name : '');
}

/** Maps a transport failure to a `VaultError` from its code alone (undici's messages may quote a header). */
function transportError(e: unknown, req: OutboundRequest): VaultError {
  const seconds = Math.round(req.timeoutMs / 1000);
  if (e instanceof AnswerBoundsError && e.bound === 'size') {
    return failure(req, 'unexpected_response', `the answer is larger than ${describeBytes(req.maxAnswerBytes)}, the most this step reads; it was not read further`, 'Ask the server for less (a page, a filter, a smaller format).');
  }
  if (e instanceof AnswerBoundsError) {
    return failure(req, 'timeout', `no complete answer within ${seconds} s`, 'The server is slow or stuck sending its answer; retry later or raise "Timeout (seconds)".');
  }
  const code = codeOf(e);
  if (code === 'ECONNREFUSED') return failure(req, 'connection', 'connection refused', 'Check the address and port, and that the service is running.');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return failure(req, 'connection', `the host name "${req.url.hostname}" could not be resolved (DNS)`, 'Check the spelling of the address.');
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return failure(req, 'connection', 'the server closed the connection before answering', 'Retry later; check that the address speaks HTTP on that port (https:// vs http://).');
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return failure(req, 'connection', `could not reach the server (${code})`, 'Check the address and that the network allows the connection.');
  }
  if (['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED', 'ABORT_ERR', 'AbortError'].includes(code)) {
    return failure(req, 'timeout', `no complete answer within ${seconds} s`, 'The server is slow or unreachable; retry later or raise "Timeout (seconds)".');
  }
  if (UNTRUSTED.test(code)) {
    return failure(
      req,
      'tls',
      `the server's TLS certificate was not accepted (${code})`,
      'This request trusts the public certificate authorities only (not the Vault connection\'s CA): the server needs a publicly trusted certificate for this host name.',
    );
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') {
    return failure(req, 'bad_request', 'the request could not be built (a header or the method was refused)', 'Check the header names and values.');
  }
  return failure(req, 'connection', `the request failed${code ? ` (${code})` : ''}`, 'Retry later; check the address.');
}

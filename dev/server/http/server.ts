import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import tlsModule from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerCore } from '../core';
import { dispatch, resolveNamespace } from './router';
import { goBool } from '../util/go-bool';
import { defaultFaultBody, FaultList, type FaultSpec } from './faults';
import type { RequestLogEntry } from './request-log';
import type { Result } from '../util/respond';
import { FramedSocket, LIST_MARKER_HEADER } from './list-verb';
import { injectSysData } from './sys-injector';
import { muxAnswer } from './go-mux';
import { trimSlashes, trimTrailingSlashes } from '../util/slashes';

export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
const MAX_LOG_ENTRIES = 200_000;

export interface HttpLayer {
  /** The listening server (TCP or TLS); HTTP is parsed by an unbound http.Server behind it. */
  server: net.Server;
  faults: FaultList;
  log: RequestLogEntry[];
  sockets: Set<Socket>;
  /** Connections accepted since start (TCP, or TLS handshakes completed when TLS is on). */
  accepted: { count: number };
}

const peerCache = new WeakMap<Socket, X509Certificate | null>();

function peerCertOf(socket: Socket): X509Certificate | undefined {
  if (!('getPeerCertificate' in socket)) return undefined;
  let cached = peerCache.get(socket);
  if (cached === undefined) {
    const raw = (socket as TLSSocket).getPeerCertificate()?.raw;
    try {
      cached = raw && raw.length ? new X509Certificate(raw) : null;
    } catch {
      cached = null;
    }
    peerCache.set(socket, cached);
  }
  return cached ?? undefined;
}

function send(res: ServerResponse, result: Result, head: boolean): void {
  // A Buffer body is sent as-is (raw answers such as pki/ca and pki/crl); anything else as JSON.
  const json = result.body === undefined ? '' : Buffer.isBuffer(result.body) ? result.body : `${JSON.stringify(result.body)}
`;
  const payload = result.status === 204 || head ? '' : (result.raw ?? json);
  const headers: Record<string, string | number> = {
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json',
    ...result.headers,
  };
  if (headers['Content-Type'] === '') delete headers['Content-Type'];
  if (result.status !== 204) headers['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(result.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Vault parses the header with Go's mime.ParseMediaType before anything else: no header is a 400
 * ("mime: no media type"), another type a 415 naming the parsed type without its parameters.
 */
function checkPatchContentType(header: string | undefined): Result | undefined {
  const raw = (header ?? '').trim();
  if (raw === '') return { status: 400, body: { errors: ['mime: no media type'] } };
  const mediaType = raw.split(';')[0].trim().toLowerCase();
  if (!mediaType.includes('/')) return { status: 400, body: { errors: ['mime: expected slash after first token'] } };
  if (mediaType === 'application/merge-patch+json') return undefined;
  return { status: 415, body: { errors: [`PATCH requires Content-Type of application/merge-patch+json, provided ${mediaType}`] } };
}

export function createHttpLayer(core: ServerCore, tls?: { key: string; cert: string; ca: string; requestCert: boolean }): HttpLayer {
  const faults = new FaultList();
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const accepted = { count: 0 };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      handle(req, res, tooLarge ? null : Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) send(res, { status: 500, body: { errors: ['internal error'] } }, false);
      });
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, bodyText: string | null): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPathPart = q === -1 ? url : url.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    const marked = req.headers[LIST_MARKER_HEADER];
    const method = typeof marked === 'string' ? marked : (req.method ?? 'GET').toUpperCase();
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPathPart);
    } catch {
      decoded = rawPathPart;
    }
    const entry: RequestLogEntry = {
      method: method === 'GET' && goBool(query.get('list') ?? '') === true ? 'LIST' : method,
      path: decoded.replace(/^\/v1\/?/, ''),
      query: Object.fromEntries(query.entries()),
      namespace: '',
      status: 0,
      at: core.clock.nowMs(),
    };
    if (log.length >= MAX_LOG_ENTRIES) log.splice(0, log.length / 2);
    log.push(entry);
    const headerNs = typeof req.headers['x-vault-namespace'] === 'string' ? req.headers['x-vault-namespace'] : undefined;
    const resolved = resolveNamespace(core, headerNs, entry.path);
    entry.path = resolved.path;
    entry.namespace = resolved.ns?.name ?? trimSlashes(headerNs ?? '');

    const fault = faults.size ? faults.take([method, entry.method], [resolved.path, decoded.replace(/^\/v1\/?/, '')]) : undefined;
    if (fault && (await applyFault(fault, req, res, entry, url))) return;

    let result: Result;
    const readsBody = BODY_METHODS.has(method) && (method !== 'PATCH' || core.patchSupported);
    const patchRefusal = method === 'PATCH' && core.patchSupported ? checkPatchContentType(req.headers['content-type']) : undefined;
    const muxed = muxAnswer(method, decoded, q === -1 ? '' : url.slice(q + 1));
    if (muxed) result = muxed;
    else if (patchRefusal) result = patchRefusal;
    // Vault only reads the body of writes; its MaxBytesReader error surfaces as 413 "error parsing JSON"
    // (hashicorp/vault http/logical.go + sdk/logical AdjustErrorStatusCode).
    else if (bodyText === null && readsBody) result = { status: 413, body: { errors: ['error parsing JSON'] } };
    else {
      const out = await dispatch(core, {
        method,
        path: decoded.slice(4),
        query,
        headers: req.headers,
        bodyText: bodyText ?? '',
        peerCert: tls ? peerCertOf((req.socket as unknown as FramedSocket).inner) : undefined,
        tls: !!tls,
      });
      result = injectSysData(decoded.slice(4), out.result);
      if (out.tokenLabel) entry.tokenLabel = out.tokenLabel;
    }
    if (fault?.status !== undefined) {
      entry.fault = 'status';
      result = { status: fault.status, body: fault.body ?? defaultFaultBody(fault.status, entry.path), headers: fault.headers };
    } else if (fault?.headers) result = { ...result, headers: { ...result.headers, ...fault.headers } };
    entry.status = result.status;
    send(res, result, method === 'HEAD');
  }

  /** Returns true when the fault answered (or swallowed) the request itself. */
  async function applyFault(f: FaultSpec, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, url: string): Promise<boolean> {
    if (f.latencyMs) {
      entry.fault = 'latency';
      await sleep(f.latencyMs);
    }
    if (f.drop) {
      entry.fault = 'drop';
      req.socket.destroy();
      return true;
    }
    if (f.hang) {
      entry.fault = 'hang';
      return true;
    }
    if (f.redirectTo) {
      entry.fault = 'redirect';
      entry.status = 307;
      send(res, { status: 307, headers: { Location: `${trimTrailingSlashes(f.redirectTo)}${url}` } }, true);
      return true;
    }
    return false;
  }

  const httpServer = http.createServer(handler);
  httpServer.keepAliveTimeout = 65_000;
  // A client may send its request and close its side at once (curl, Python's http.client with
  // shutdown): Go still answers, so the answer must not wait for a socket that is already ended.
  (httpServer as unknown as { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // Go's net/http answers a request it cannot parse (a raw space in the path...) with a bare 400.
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const text = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${text}`);
    else socket.destroy();
  });
  const accept = (s: Socket) => {
    s.setNoDelay(true);
    httpServer.emit('connection', new FramedSocket(s));
  };
  const server = tls
    ? tlsListener(tlsModule.createServer({ key: tls.key, cert: tls.cert, ca: [tls.ca], requestCert: tls.requestCert, rejectUnauthorized: false, allowHalfOpen: true }, accept))
    : net.createServer({ allowHalfOpen: true }, accept);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    accepted.count++;
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return { server, faults, log, sockets, accepted };
}

/** net/http's tlsRecordHeaderLooksLikeHTTP: the first five bytes of a plain HTTP request. */
const HTTP_STARTS = ['GET /', 'HEAD ', 'POST ', 'PUT /', 'OPTIO'];

/**
 * A TCP listener in front of the TLS server: plain HTTP gets Go's answer ("Client sent an HTTP request
 * to an HTTPS server.", HTTP/1.0 400, then close), anything else goes on to the TLS handshake.
 */
function tlsListener(tlsServer: tlsModule.Server): net.Server {
  tlsServer.on('tlsClientError', () => undefined);
  return net.createServer({ allowHalfOpen: true }, (raw) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      // a TLS record starts with 0x16; anything else is judged on its first five bytes, as Go does
      if (head[0] !== 0x16 && head.length < 5) return;
      raw.off('data', onData);
      raw.pause();
      if (HTTP_STARTS.includes(head.subarray(0, 5).toString('latin1'))) {
        raw.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n');
        return;
      }
      raw.unshift(head);
      tlsServer.emit('connection', raw);
    };
    raw.on('data', onData);
  });
}

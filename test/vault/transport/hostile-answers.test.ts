/**
 * Servers that answer too slowly or too much: a body trickled byte by byte, an endless chunked
 * body, a declared length past the limit. The request fails with an error naming the limit and
 * the setting, and stops reading: the server sees the connection closed before it has written its
 * answer (no timing is asserted; the bounds are on bytes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { z } from 'zod';
import { parseConnection } from '../../../src/lib/vault/connection/parse';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { AnswerBoundsError, boundedExchange } from '../../../src/lib/vault/transport/bounded-exchange';
import { errorOf } from '../../helpers/errors';

const MiB = 1024 * 1024;

/** What the server managed to write before the client hung up (or it finished). */
interface Written {
  bytes: number;
  finished: boolean;
}

interface HostileServer {
  url: string;
  /** Resolves once the answer to `path` is closed, with what was written by then. */
  closed(path: string): Promise<Written>;
  close(): Promise<void>;
}

async function hostile(answer: (req: http.IncomingMessage, res: http.ServerResponse, written: Written) => void): Promise<HostileServer> {
  const closings = new Map<string, Promise<Written>>();
  const server = http.createServer((req, res) => {
    const written: Written = { bytes: 0, finished: false };
    res.on('finish', () => (written.finished = true));
    closings.set(req.url ?? '', new Promise((resolve) => res.on('close', () => resolve(written))));
    answer(req, res, written);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    closed: (path) => closings.get(path) ?? Promise.reject(new Error(`no request for ${path}`)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `chunk` for as long as the connection lasts, waiting whenever the socket is full. */
function writeForever(res: http.ServerResponse, written: Written, chunk: Buffer): void {
  const pump = () => {
    while (!res.destroyed) {
      written.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

function clientFor(url: string, extra: Record<string, unknown> = {}) {
  return createVaultHttp(parseConnection({ url, authMethod: 'token', token: 's.NotARealTokenButSecret01', maxRetries: 0, ...extra }));
}

it('a body trickled one byte at a time is cut off at the request timeout, headers and body together', async () => {
  const body = `{"data":{"value":"${'x'.repeat(40)}"}}`;
  const server = await hostile((_req, res, written) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= body.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body[i++]);
      written.bytes++;
    }, 400);
    res.on('close', () => clearInterval(timer));
  });
  const client = clientFor(server.url, { requestTimeoutSeconds: 1 });
  try {
    const e = await errorOf(client.request({ method: 'GET', path: 'secret/data/slow' }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain(`Vault did not answer within 1 s (GET /v1/secret/data/slow at ${server.url})`);
    expect(e.message).toContain('"Request Timeout (seconds)" (requestTimeoutSeconds)');
    const written = await server.closed('/v1/secret/data/slow');
    expect(written.finished).toBe(false);
    expect(written.bytes).toBeLessThan(body.length);
  } finally {
    await client.close();
    await server.close();
  }
});

it('an endless chunked body stops at the size limit, and is not read further', async () => {
  const server = await hostile((_req, res, written) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    writeForever(res, written, Buffer.alloc(64 * 1024, ' '));
  });
  const client = clientFor(server.url, { maxResponseMegabytes: 1 });
  try {
    const e = await errorOf(client.request({ method: 'GET', path: 'secret/data/big' }));
    expect(e.kind).toBe('unexpected_response');
    expect(e.message).toContain(`Vault's answer is larger than the 1 MiB limit; it was not read further (GET /v1/secret/data/big at ${server.url})`);
    expect(e.message).toContain('"Max Response Size (MiB)" (maxResponseMegabytes)');
    const written = await server.closed('/v1/secret/data/big');
    expect(written.finished).toBe(false);
    // The limit plus what the loopback socket buffers held when the client hung up.
    expect(written.bytes).toBeLessThan(32 * MiB);
  } finally {
    await client.close();
    await server.close();
  }
});

it('a declared length past the limit is refused before the body is read', async () => {
  const server = await hostile((_req, res, written) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(256 * MiB) });
    writeForever(res, written, Buffer.alloc(64 * 1024, ' '));
  });
  const client = clientFor(server.url, { maxResponseMegabytes: 1 });
  try {
    const e = await errorOf(client.request({ method: 'GET', path: 'secret/data/declared' }));
    expect(e.message).toContain("Vault's answer is larger than the 1 MiB limit");
    const written = await server.closed('/v1/secret/data/declared');
    expect(written.finished).toBe(false);
    expect(written.bytes).toBeLessThan(32 * MiB);
  } finally {
    await client.close();
    await server.close();
  }
});

it('the bounded exchange serves any HTTP service: it rejects with the bound reached, and answers within bounds whole', async () => {
  const server = await hostile((req, res, written) => {
    if (req.url === '/small') {
      res.end('hello');
      return;
    }
    writeForever(res, written, Buffer.alloc(64 * 1024, 'a'));
  });
  const pool = new Pool(server.url);
  try {
    const small = await boundedExchange(pool, { path: '/small', method: 'GET' }, { deadline: Date.now() + 30_000, maxBytes: 5 });
    expect(small).toMatchObject({ status: 200 });
    expect(small.body.toString('utf8')).toBe('hello');
    const e = await errorOf(boundedExchange(pool, { path: '/endless', method: 'GET' }, { deadline: Date.now() + 30_000, maxBytes: 100_000 }), AnswerBoundsError);
    expect(e.bound).toBe('size');
    expect((await server.closed('/endless')).finished).toBe(false);
  } finally {
    await pool.close();
    await server.close();
  }
});

it('an answer with a hundred thousand wrong values, the first under a megabyte-long key, gets a short message naming the first few', async () => {
  const longKey = 'k'.repeat(1024 * 1024);
  const data: Record<string, unknown> = { [longKey]: 1 };
  for (let i = 0; i < 100_000; i++) data[`key${i}`] = i;
  const body = JSON.stringify({ data });
  const server = await hostile((_req, res, written) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    written.bytes = body.length;
    res.end(body);
  });
  const client = clientFor(server.url);
  try {
    const schema = z.object({ data: z.record(z.string(), z.string()) });
    const e = await errorOf(client.request({ method: 'GET', path: 'secret/data/app', schema }));
    expect(e.kind).toBe('unexpected_response');
    expect(e.message).toContain("Vault's answer does not have the expected shape (data.kkkk");
    expect(e.message).toContain('; data.key0: Invalid input: expected string, received number; data.key1: ');
    expect(e.message).toContain('; and 99998 more)');
    expect(e.message.length).toBeLessThan(2_000);
  } finally {
    await client.close();
    await server.close();
  }
});

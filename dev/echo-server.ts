/**
 * A loopback HTTP service that answers every request with what it received (method, URL, headers,
 * body) as JSON: the other end of `send_http_request` in `npm start` and in tests. Routes can be
 * replaced to answer otherwise (a status, a redirect, a slow or huge answer).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type EchoRoute = (req: ReceivedRequest, res: ServerResponse) => void;

export interface EchoServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly received: ReceivedRequest[];
  stop(): Promise<void>;
}

/** The default answer: 200, `application/json`, the request as received. */
export const echo: EchoRoute = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(req));
};

/** `routes` by path (without the query); anything else is echoed. */
export async function startEchoServer(routes: Record<string, EchoRoute> = {}): Promise<EchoServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const req: ReceivedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(req);
      const route = routes[req.url.split('?')[0]] ?? echo;
      route(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `send_http_request` as the engine runs it, against the dev server and a loopback echo service:
 * the service receives the secrets (path, query, headers, nested body fields, form and text
 * bodies); the step's output, the error of a failing request and `util.inspect` of every error do
 * not hold them, in any form the service echoes them (URL-encoded, JSON-escaped, base64, Basic
 * auth, response headers); a reference that fails, or one that would choose the host, sends nothing.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startEchoServer, type EchoServer, type ReceivedRequest } from '../../dev/echo-server';
import { sendHttpRequest } from '../../src/lib/actions/send-http-request';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';

const KEY = 'k3y/S3CRET+value=42&x';
const PASS = 'pässwörd "quoted" <tag>';
const TOKEN = 'tok3nHEADERsecret0042';
const NUM = 987654321987;
const INNER = 'INNER-S3CRET-in-object';
const SECRETS = [KEY, PASS, TOKEN, String(NUM), INNER];
/** Forms of the secrets a careless check would miss. */
const FORMS = SECRETS.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64').replace(/=+$/, '')]);

const ref = (key: string) => `[[vault:secret/data/api/${key}]]`;

let vault: VaultDevServer;
let echo: EchoServer;

function lastReceived(): ReceivedRequest {
  return echo.received[echo.received.length - 1];
}

/** The text a person or an agent would see of a run's result or error. */
function seen(result: unknown): string {
  if (result instanceof Error) return [result.message, inspect(result), JSON.stringify({ ...result })].join('\n');
  return JSON.stringify(result);
}

/** Case-insensitive: header names arrive lower-cased. */
function expectNoSecret(result: unknown): void {
  const text = seen(result).toLowerCase();
  expect(FORMS.filter((f) => text.includes(f.toLowerCase()))).toEqual([]);
}

async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the run to fail');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  vault = await startVault();
  await kvPut(vault, 'secret', 'api', { key: KEY, pass: PASS, token: TOKEN, num: NUM, obj: { inner: INNER }, multi: 'line1\r\nX-Injected: yes' });
  echo = await startEchoServer({
    '/denied': (req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`invalid credentials ${req.headers.authorization} (basic: ${Buffer.from(`user:${KEY}`).toString('base64')})`);
    },
    '/encoded': (req, res) => {
      const token = new URL(req.url, 'http://x').searchParams.get('token') ?? '';
      const key = String(req.headers['x-key'] ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(
        [
          `url-encoded ${encodeURIComponent(key)} form ${new URLSearchParams({ token }).toString()}`,
          `base64 ${Buffer.from(key).toString('base64')} url-safe ${Buffer.from(key).toString('base64url')}`,
          `basic ${Buffer.from(`user:${key}`).toString('base64')} ${Buffer.from(`ab:${key}`).toString('base64')}`,
          `json ${JSON.stringify({ token })} ascii-json ${JSON.stringify(token).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
          `html ${token.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`,
          `php ${key.replace(/\//g, '\\/')}`,
        ].join('\n'),
      );
    },
    '/header-echo': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization), [`x-${TOKEN}`]: 'named after the secret', 'set-cookie': [`a=${TOKEN}`, 'b=1'] });
      res.end(JSON.stringify({ [TOKEN]: 'key named after the secret', escaped: JSON.stringify(TOKEN).replace(/t/g, '\\u0074') }).replace(/\\\\u0074/g, '\\u0074'));
    },
    '/moved': (req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:1/elsewhere?key=${encodeURIComponent(String(req.headers['x-key']))}` });
      res.end();
    },
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.alloc(6 * 1024 * 1024, 'a'));
    },
    '/hang': () => undefined,
    '/gzip': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(req)));
    },
  });
});
afterAll(async () => {
  await closeAllVaultClients();
  await echo.stop();
  await vault.stop();
});

const auth = (extra: Record<string, unknown> = {}) => rootAuth(vault, { cacheTtlSeconds: 60, ...extra });

describe('send_http_request', () => {
  it('sends the secrets from references in the path, query, headers and nested body fields; the output shows the marker where they are echoed', async () => {
    const out = await runAction(sendHttpRequest, auth(), {
      method: 'POST',
      url: `${echo.url}/items/${ref('key')}?q=${ref('key')}`,
      headers: { Authorization: `Bearer ${ref('key')}`, 'X-Token': ref('token') },
      queryParams: { token: ref('pass'), plain: 'x' },
      body: { user: 'app', deep: { list: [{ secret: ref('key') }], n: ref('num') }, obj: ref('obj'), text: `pass=${ref('pass')}` },
    });

    const got = lastReceived();
    const url = new URL(got.url, echo.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/items/${KEY}`);
    expect(url.searchParams.get('q')).toBe(KEY);
    expect(url.searchParams.get('token')).toBe(PASS);
    expect(url.searchParams.get('plain')).toBe('x');
    expect(got.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(got.headers['x-token']).toBe(TOKEN);
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body)).toEqual({ user: 'app', deep: { list: [{ secret: KEY }], n: NUM }, obj: { inner: INNER }, text: `pass=${PASS}` });
    expect(got.headers['x-vault-token']).toBeUndefined();

    expect(out.status).toBe(200);
    expect(out.body.headers.authorization).toBe('Bearer [redacted]');
    expect(out.body.headers['x-token']).toBe('[redacted]');
    expect(out.body.url).toContain('/items/[redacted]?q=[redacted]');
    expect(out.headers['content-type']).toBe('application/json');
    expectNoSecret(out);
  });

  it('scrubs the encoded forms a server may echo: URL and form encoding, base64 (Basic auth included), JSON and HTML escapes', async () => {
    const out = await runAction(sendHttpRequest, auth(), {
      method: 'GET',
      url: `${echo.url}/encoded`,
      headers: { 'X-Key': ref('key') },
      queryParams: { token: ref('pass') },
    });
    expect(out.status).toBe(200);
    expect(typeof out.body).toBe('string');
    expectNoSecret(out);
    const basic = Buffer.from(`user:${KEY}`).toString('base64');
    expect(out.body).not.toContain(basic.slice(8, -4));
    expect(out.body).toContain('basic ');
    expect(out.body).toMatch(/^url-encoded \[redacted\] form token=\[redacted\]$/m);
  });

  it('scrubs response header names and values, JSON keys, and escapes that hid a secret in JSON text', async () => {
    const out = await runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/header-echo`, headers: { authorization: `Bearer ${ref('token')}` } });
    expectNoSecret(out);
    expect(out.headers['x-echo']).toBe('Bearer [redacted]');
    expect(out.headers['x-[redacted]']).toBe('named after the secret');
    expect(out.headers['set-cookie']).toEqual(['a=[redacted]', 'b=1']);
    expect(out.body['[redacted]']).toBe('key named after the secret');
  });

  it('sends a GET when the method is left out, as the dropdown defaults', async () => {
    await runAction(sendHttpRequest, auth(), { url: `${echo.url}/items/plain` });
    expect(lastReceived()).toMatchObject({ method: 'GET', url: '/items/plain' });
  });

  it('reads a gzip-compressed answer and scrubs it', async () => {
    const out = await runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/gzip`, headers: { 'Accept-Encoding': 'gzip', 'X-Key': ref('key') } });
    expect(out.body.headers['x-key']).toBe('[redacted]');
    expectNoSecret(out);
  });

  it('fails on an HTTP error with a scrubbed excerpt of the answer: no secret in the message or util.inspect', async () => {
    const err = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/denied`, headers: { Authorization: `Bearer ${ref('key')}` } }));
    expect(lastReceived().headers.authorization).toBe(`Bearer ${KEY}`);
    expect(err.kind).toBe('permission_denied');
    expect(err.status).toBe(401);
    expect(err.message).toContain(`GET ${echo.url}/denied answered HTTP 401`);
    expect(err.message).toContain('Bearer [redacted]');
    expectNoSecret(err);

    const out = await runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/denied`, headers: { Authorization: `Bearer ${ref('key')}` }, failOnHttpError: false });
    expect(out.status).toBe(401);
    expect(out.body).toContain('invalid credentials Bearer [redacted]');
    expectNoSecret(out);
  });

  it('names the URL as typed (references, not values) when the request cannot be sent', async () => {
    const port = await closedPort();
    const err = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `http://127.0.0.1:${port}/x/${ref('key')}?k=${ref('key')}` }));
    expect(err.kind).toBe('connection');
    expect(err.message).toContain(`GET http://127.0.0.1:${port}/x/${ref('key')}: connection refused`);
    expectNoSecret(err);
  });

  it('sends nothing when a reference does not resolve or is malformed', async () => {
    for (const headers of [{ Authorization: `Bearer ${ref('missing')}` }, { Authorization: '[[vault:secret]]' }, { Authorization: '[[vault:nomount/data/x/y]]' }]) {
      const before = echo.received.length;
      const err = await failure(runAction(sendHttpRequest, auth(), { method: 'POST', url: `${echo.url}/x`, headers, body: { key: ref('key') } }));
      expect(err.kind).toBe('reference');
      expect(echo.received.length).toBe(before);
      expectNoSecret(err);
    }
  });

  it('refuses references in the scheme, host or port, and in names, before reading any secret', async () => {
    const port = new URL(echo.url).port;
    const urls = [`http://${ref('host')}/x`, `http://127.0.0.1:${ref('port')}/x`, `http://127.0.0.1${ref('key')}`, `http://user:${ref('key')}@127.0.0.1:${port}/`];
    for (const url of urls) {
      vault.clearRequests();
      const before = echo.received.length;
      const err = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url }));
      expect([url, err.kind]).toEqual([url, 'invalid_input']);
      expect(err.message).toMatch(/scheme, host or port|user name or password/);
      expect(vault.requests).toEqual([]);
      expect(echo.received.length).toBe(before);
    }
    const named = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/x`, headers: { [ref('key')]: 'v' } }));
    expect(named.message).toMatch(/in a name in "headers"/);
    const host = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/x`, headers: { Host: 'example.com' } }));
    expect(host.message).toMatch(/"host" is set by the transport/);
  });

  it('fills in at most 50 different references per request, refusing more before reading any', async () => {
    vault.clearRequests();
    const body = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, `[[vault:secret/data/many/s${i}/k]]`]));
    const err = await failure(runAction(sendHttpRequest, auth(), { method: 'POST', url: `${echo.url}/x`, body }));
    expect(err.message).toMatch(/51 different Vault references; at most 50/);
    expect(vault.requests).toEqual([]);
  });

  it('refuses a secret that would break a header line, before sending it', async () => {
    const before = echo.received.length;
    const err = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/x`, headers: { 'X-Multi': ref('multi') } }));
    expect(err.message).toMatch(/header "x-multi" contains a line break/);
    expect(err.message).not.toContain('X-Injected');
    expect(echo.received.length).toBe(before);
  });

  it('does not follow redirects: the 3xx is the answer, its Location scrubbed', async () => {
    const before = echo.received.length;
    const out = await runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/moved`, headers: { 'X-Key': ref('key') } });
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe('http://127.0.0.1:1/elsewhere?key=[redacted]');
    expect(echo.received.length).toBe(before + 1);
    expectNoSecret(out);
  });

  it('encodes form and text bodies', async () => {
    await runAction(sendHttpRequest, auth(), {
      method: 'POST',
      url: `${echo.url}/token`,
      bodyType: 'form',
      body: { grant_type: 'client_credentials', client_secret: ref('key'), scope: ['a', 'b'] },
    });
    let got = lastReceived();
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(got.body);
    expect([form.get('grant_type'), form.get('client_secret'), form.getAll('scope')]).toEqual(['client_credentials', KEY, ['a', 'b']]);

    await runAction(sendHttpRequest, auth(), { method: 'POST', url: `${echo.url}/whole`, body: ref('obj') });
    expect(JSON.parse(lastReceived().body)).toEqual({ inner: INNER });

    await runAction(sendHttpRequest, auth(), { method: 'PUT', url: `${echo.url}/text`, bodyType: 'text', body: `key=${ref('key')}` });
    got = lastReceived();
    expect([got.method, got.headers['content-type'], got.body]).toEqual(['PUT', 'text/plain; charset=utf-8', `key=${KEY}`]);
  });

  it('HEAD sends and returns no body', async () => {
    const out = await runAction(sendHttpRequest, auth(), { method: 'HEAD', url: `${echo.url}/x`, body: { ignored: true } });
    expect(lastReceived().method).toBe('HEAD');
    expect(lastReceived().body).toBe('');
    expect(out).toMatchObject({ status: 200, body: null });
  });

  it('bounds the answer in size and time', async () => {
    const big = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/huge` }));
    expect(big.kind).toBe('unexpected_response');
    expect(big.message).toContain('larger than 5 MiB');
    const slow = await failure(runAction(sendHttpRequest, auth(), { method: 'GET', url: `${echo.url}/hang`, timeoutSeconds: 1 }));
    expect(slow.kind).toBe('timeout');
    expect(slow.message).toContain(`GET ${echo.url}/hang`);
  });

  it('resolves through the connection: a write-only connection refuses its references before anything is sent', async () => {
    vault.clearRequests();
    const before = echo.received.length;
    const err = await failure(runAction(sendHttpRequest, auth({ accessMode: 'write_only' }), { method: 'GET', url: `${echo.url}/x`, headers: { Authorization: ref('key') } }));
    expect(err.kind).toBe('reference');
    expect(err.message).toContain('this connection is write-only');
    expect(vault.requests).toEqual([]);
    expect(echo.received.length).toBe(before);
  });
});

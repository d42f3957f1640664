/**
 * Failures that need something other than Vault on the other end: nothing listening, a name
 * that does not resolve, a web page, plain HTTP where TLS was expected.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConnection } from '../../../src/lib/vault/connection/parse';
import { checkConnection } from '../../../src/lib/vault/check-connection';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { errorOf } from '../../helpers/errors';

function config(url: string, extra: Record<string, unknown> = {}) {
  return parseConnection({ url, authMethod: 'token', token: 's.NotARealTokenButSecret01', maxRetries: 0, ...extra });
}

async function listen(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function freePort(): Promise<number> {
  const s = await listen(() => undefined);
  const port = Number(new URL(s.url).port);
  await s.close();
  return port;
}

describe('talking to something that is not Vault', () => {
  it('connection refused names the address, for requests and for validate', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const client = createVaultHttp(config(url));
    const e = await errorOf(client.request({ method: 'GET', path: 'sys/health' }));
    await client.close();
    expect(e.kind).toBe('connection');
    expect(e.message).toContain(`Could not connect to Vault: connection refused (GET /v1/sys/health at ${url})`);
    const result = await checkConnection(config(url));
    expect(result).toEqual({ valid: false, error: expect.stringContaining(`Could not connect to Vault: connection refused (GET /v1/sys/health at ${url})`) });
  });

  it('a host name that does not resolve is reported as a DNS failure', async () => {
    const result = await checkConnection(config('http://vault.does-not-exist.invalid:8200'));
    expect(result.valid).toBe(false);
    expect(!result.valid && result.error).toContain('"vault.does-not-exist.invalid" of the Vault address could not be resolved (DNS)');
  });

  it('an HTML page is "not Vault", with the advice to check the address', async () => {
    const server = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx</body></html>');
    });
    try {
      const client = createVaultHttp(config(server.url));
      const e = await errorOf(client.request({ method: 'GET', path: 'secret/data/x' }));
      await client.close();
      expect(e.kind).toBe('not_vault');
      expect(e.message).toContain('did not answer like Vault (HTTP 200, text/html instead of JSON)');
      const result = await checkConnection(config(server.url));
      expect(!result.valid && result.error).toContain('did not answer like Vault');
      expect(!result.valid && result.error).toContain('Check the address');
    } finally {
      await server.close();
    }
  });

  it('JSON that is not a Vault health answer is "not Vault" too', async () => {
    const server = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
    try {
      const result = await checkConnection(config(server.url));
      expect(!result.valid && result.error).toContain('not like Vault does');
    } finally {
      await server.close();
    }
  });

  it('https:// against a plain HTTP port says the server does not speak TLS', async () => {
    const server = await listen((_req, res) => res.end('{}'));
    try {
      const url = server.url.replace('http:', 'https:');
      const result = await checkConnection(config(url));
      expect(result.valid).toBe(false);
      expect(!result.valid && result.error).toMatch(/does not seem to speak TLS|use http:\/\//);
    } finally {
      await server.close();
    }
  });

  it('sends Vault headers, JSON bodies, and LIST as GET ?list=true', async () => {
    const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = await listen((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":{"keys":["a"]}}');
      });
    });
    try {
      const client = createVaultHttp(config(server.url, { namespace: 'admin/team' }));
      await client.request({ method: 'LIST', path: 'secret/metadata/app/', token: 's.NotARealTokenButSecret01' });
      await client.request({ method: 'POST', path: 'auth/approle/login', body: { role_id: 'r' } });
      await client.close();
      expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/secret/metadata/app/?list=true' });
      expect(seen[0].headers).toMatchObject({ 'x-vault-request': 'true', 'x-vault-token': 's.NotARealTokenButSecret01', 'x-vault-namespace': 'admin/team' });
      expect(seen[1]).toMatchObject({ method: 'POST', url: '/v1/auth/approle/login', body: '{"role_id":"r"}' });
      expect(seen[1].headers['x-vault-token']).toBeUndefined();
      expect(seen[1].headers['content-type']).toBe('application/json');
    } finally {
      await server.close();
    }
  });

  it('never sends the token to a server that answers with a redirect to elsewhere', async () => {
    const seen: string[] = [];
    const other = await listen((req, res) => {
      seen.push(String(req.headers['x-vault-token'] ?? ''));
      res.end('{}');
    });
    const server = await listen((req, res) => {
      res.writeHead(307, { location: `${other.url}${req.url}` });
      res.end();
    });
    try {
      const client = createVaultHttp(config(server.url));
      const e = await errorOf(client.request({ method: 'GET', path: 'secret/data/x', token: 's.NotARealTokenButSecret01' }));
      await client.close();
      expect(e.message).toContain('Vault redirected to another node');
      expect(e.message).toContain('Allowed Redirect Addresses');
      expect(seen).toEqual([]);
    } finally {
      await server.close();
      await other.close();
    }
  });
});

/** HTTPS against the dev server: CA trust, hostname mismatch, skip-verify warning, mTLS cert login. */
import net from 'node:net';
import { startVaultDevServer, type VaultDevServer } from '../../../dev/server';
import { parseConnection } from '../../../src/lib/vault/connection/parse';
import { checkConnection } from '../../../src/lib/vault/check-connection';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { createTokenSession } from '../../../src/lib/vault/token-session';
import { closeSetup, READER_POLICY, root, writePolicy } from '../../helpers/vault-setup';
import { errorOf } from '../../helpers/errors';

let vault: VaultDevServer;
let tls: NonNullable<VaultDevServer['tls']>;

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root', tls: true, requireClientCert: true });
  tls = vault.tls!;
  await writePolicy(vault, 'reader', READER_POLICY);
  await root(vault, 'POST', 'sys/auth/cert', { type: 'cert' });
  await root(vault, 'POST', 'auth/cert/certs/web', { certificate: tls.caPem, token_policies: ['reader'] });
});
afterAll(async () => {
  await closeSetup(vault);
  await vault.stop();
});

const tokenProps = (extra: Record<string, unknown> = {}) => ({ url: vault.url, authMethod: 'token', token: 'root', maxRetries: 0, ...extra });

describe('server certificate', () => {
  it('an unknown CA says to paste the CA certificate', async () => {
    for (const extra of [{}, { caCertificate: tls.otherCaPem }]) {
      const result = await checkConnection(parseConnection(tokenProps(extra)));
      expect(result.valid).toBe(false);
      expect(!result.valid && result.error).toContain('signed by a certificate authority this connection does not trust');
      expect(!result.valid && result.error).toContain('Paste the CA certificate (PEM)');
    }
  });

  it('the right CA certificate makes it work, without turning verification off', async () => {
    const result = await checkConnection(parseConnection(tokenProps({ caCertificate: tls.caPem })));
    expect(result).toEqual({ valid: true, warnings: [] });
  });

  it('skip-verify works but the result warns that verification is off', async () => {
    const result = await checkConnection(parseConnection(tokenProps({ tlsSkipVerify: true })));
    expect(result.valid).toBe(true);
    expect(result.valid && result.warnings.join(' ')).toContain('TLS certificate verification is off');
  });

  it('a host name the certificate was not issued for is a hostname mismatch', async () => {
    // 127.0.0.2 reaches the same loopback, but the certificate names only 127.0.0.1 and localhost.
    const proxy = net.createServer((client) => {
      const upstream = net.connect(vault.port, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.2', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    try {
      const result = await checkConnection(parseConnection(tokenProps({ url: `https://127.0.0.2:${port}`, caCertificate: tls.caPem })));
      expect(!result.valid && result.error).toContain('not valid for the host name "127.0.0.2" (hostname mismatch)');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('TLS certificate login (mTLS)', () => {
  const certProps = (cert: string, key: string, extra: Record<string, unknown> = {}) => ({
    url: vault.url,
    authMethod: 'cert',
    caCertificate: tls.caPem,
    clientCertificate: cert,
    clientKey: key,
    maxRetries: 0,
    ...extra,
  });

  it('logs in with the client certificate from the handshake', async () => {
    const config = parseConnection(certProps(tls.clientCertPem, tls.clientKeyPem, { certRole: 'web' }));
    const http = createVaultHttp(config);
    try {
      const token = await createTokenSession(config, http).token();
      expect(token).toMatchObject({ fromLogin: true, policies: expect.arrayContaining(['reader']) });
      expect(vault.requests.at(-1)).toMatchObject({ method: 'POST', path: 'auth/cert/login', status: 200 });
    } finally {
      await http.close();
    }
    expect(await checkConnection(config)).toEqual({ valid: true, warnings: [] });
  });

  it('a certificate from another CA is refused with a clear message', async () => {
    const other = tls.issueClientCert('intruder', { signedByOtherCa: true });
    const result = await checkConnection(parseConnection(certProps(other.certPem, other.keyPem)));
    expect(result.valid).toBe(false);
    expect(!result.valid && result.error).toContain('Vault refused the client certificate login');
    expect(!result.valid && result.error).not.toContain('PRIVATE KEY');
  });
});

it('fails a request with a clear error when the CA is unknown (no retries on TLS errors)', async () => {
  const http = createVaultHttp(parseConnection(tokenProps({ maxRetries: 4 })));
  vault.clearRequests();
  const e = await errorOf(http.request({ method: 'GET', path: 'sys/health' }));
  await http.close();
  expect(e.kind).toBe('tls');
  expect(vault.requests).toHaveLength(0);
});

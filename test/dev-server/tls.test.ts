import { Agent } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

describe('HTTPS with a generated CA, and cert auth', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root', tls: true, requireClientCert: true });
    await writePolicy(vault, 'reader', 'path "secret/data/*" { capabilities = ["read"] }');
    await root(vault, 'POST', 'sys/auth/cert', { body: { type: 'cert' } });
    await root(vault, 'POST', 'auth/cert/certs/app', { body: { certificate: vault.tls!.caPem, token_policies: ['reader'], token_ttl: '10m' } });
  });
  afterAll(() => vault.stop());

  const agent = (extra: { cert?: string; key?: string; ca?: string } = {}) => new Agent({ connect: { ca: extra.ca ?? vault.tls!.caPem, cert: extra.cert, key: extra.key } });

  it('serves HTTPS that verifies against the CA (127.0.0.1 and localhost)', async () => {
    expect(vault.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(vault, 'GET', 'sys/health', { dispatcher: agent() })).status).toBe(200);
    const viaLocalhost = await new Agent({ connect: { ca: vault.tls!.caPem } }).request({ origin: vault.url.replace('127.0.0.1', 'localhost'), path: '/v1/sys/health', method: 'GET' });
    expect(viaLocalhost.statusCode).toBe(200);
    await viaLocalhost.body.text();
  });

  it('fails verification against another CA or the system store', async () => {
    await expect(call(vault, 'GET', 'sys/health', { dispatcher: agent({ ca: vault.tls!.otherCaPem }) })).rejects.toThrow();
    await expect(call(vault, 'GET', 'sys/health', { dispatcher: new Agent() })).rejects.toThrow();
  });

  it('logs in with the default client certificate and with a freshly issued one', async () => {
    for (const { certPem, keyPem } of [{ certPem: vault.tls!.clientCertPem, keyPem: vault.tls!.clientKeyPem }, vault.tls!.issueClientCert('worker-1')]) {
      const res = await call(vault, 'POST', 'auth/cert/login', { body: { name: 'app' }, dispatcher: agent({ cert: certPem, key: keyPem }) });
      expect(res.status).toBe(200);
      expect(res.body.auth).toMatchObject({ policies: ['default', 'reader'], lease_duration: 600 });
    }
  });

  it('refuses logins without a client certificate or with one from another CA', async () => {
    expect((await call(vault, 'POST', 'auth/cert/login', { body: {}, dispatcher: agent() })).status).toBe(400);
    const foreign = vault.tls!.issueClientCert('intruder', { signedByOtherCa: true });
    const res = await call(vault, 'POST', 'auth/cert/login', { body: {}, dispatcher: agent({ cert: foreign.certPem, key: foreign.keyPem }) });
    expect(res).toMatchObject({ status: 400, body: { errors: ['invalid certificate or no client certificate supplied'] } });
  });

  it('accepts a certificate registered by itself (not a CA)', async () => {
    const leaf = vault.tls!.issueClientCert('pinned');
    await root(vault, 'POST', 'auth/cert/certs/pinned', { body: { certificate: leaf.certPem, token_policies: ['reader'] } });
    const res = await call(vault, 'POST', 'auth/cert/login', { body: { name: 'pinned' }, dispatcher: agent({ cert: leaf.certPem, key: leaf.keyPem }) });
    expect(res.body.auth.metadata).toMatchObject({ cert_name: 'pinned', common_name: 'pinned' });
  });
});

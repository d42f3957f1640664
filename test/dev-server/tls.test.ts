import { X509Certificate } from 'node:crypto';
import { Agent } from 'undici';
import { sendRaw } from './replay/raw-http';
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
    const untrusted = { code: 'SELF_SIGNED_CERT_IN_CHAIN' };
    await expect(call(vault, 'GET', 'sys/health', { dispatcher: agent({ ca: vault.tls!.otherCaPem }) })).rejects.toMatchObject(untrusted);
    await expect(call(vault, 'GET', 'sys/health', { dispatcher: new Agent() })).rejects.toMatchObject(untrusted);
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

  it('matches the constraints of each registered certificate (Vault 1.8 path_login.go)', async () => {
    const client = vault.tls!.issueClientCert('svc.example.test');
    const login = (name?: string) => call(vault, 'POST', 'auth/cert/login', { body: name ? { name } : {}, dispatcher: agent({ cert: client.certPem, key: client.keyPem }) });
    await root(vault, 'POST', 'auth/cert/certs/cn-only', { body: { certificate: vault.tls!.caPem, allowed_common_names: ['*.other.test'] } });
    expect(await login('cn-only')).toMatchObject({ status: 400, body: { errors: ['no chain matching all constraints could be found for this login certificate'] } });
    expect(await login('nope')).toMatchObject({ status: 400, body: { errors: ['invalid certificate or no client certificate supplied'] } });
    await root(vault, 'POST', 'auth/cert/certs/cn-glob', { body: { certificate: vault.tls!.caPem, allowed_names: ['*.example.test'], display_name: 'globbed' } });
    const ok = await login('cn-glob');
    const x509 = new X509Certificate(client.certPem);
    expect(ok.body.auth.metadata).toMatchObject({ cert_name: 'cn-glob', common_name: 'svc.example.test', serial_number: BigInt(`0x${x509.serialNumber}`).toString() });
    expect(ok.body.auth.metadata.subject_key_id).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){19}$/);
    expect(ok.body.auth.metadata.authority_key_id).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){19}$/);
    const self = await call(vault, 'GET', 'auth/token/lookup-self', { token: ok.body.auth.client_token, dispatcher: agent() });
    expect(self.body.data).toMatchObject({ display_name: 'cert-globbed', path: 'auth/cert/login' });
    const read = await root(vault, 'GET', 'auth/cert/certs/cn-glob', { dispatcher: agent() });
    expect(read.body.data).toMatchObject({ allowed_names: ['*.example.test'], allowed_common_names: null, allowed_dns_sans: null, required_extensions: null, display_name: 'globbed' });
    await root(vault, 'DELETE', 'auth/cert/certs/cn-only', { dispatcher: agent() });
    await root(vault, 'DELETE', 'auth/cert/certs/cn-glob', { dispatcher: agent() });
  });

  it('renews a cert login only with a matching client certificate', async () => {
    const login = await call(vault, 'POST', 'auth/cert/login', { body: { name: 'app' }, dispatcher: agent({ cert: vault.tls!.clientCertPem, key: vault.tls!.clientKeyPem }) });
    const token = login.body.auth.client_token;
    const without = await call(vault, 'POST', 'auth/token/renew-self', { token, body: {}, dispatcher: agent() });
    expect(without).toMatchObject({ status: 400, body: { errors: ['client certificate must be supplied'] } });
    const other = vault.tls!.issueClientCert('someone-else', { signedByOtherCa: true });
    const foreign = await call(vault, 'POST', 'auth/token/renew-self', { token, body: {}, dispatcher: agent({ cert: other.certPem, key: other.keyPem }) });
    expect(foreign.body).toEqual({ errors: ['invalid certificate or no client certificate supplied'] });
    const renewed = await call(vault, 'POST', 'auth/token/renew-self', { token, body: {}, dispatcher: agent({ cert: vault.tls!.clientCertPem, key: vault.tls!.clientKeyPem }) });
    expect(renewed.body.auth.lease_duration).toBe(600);
  });

  it('refuses certificates that do not parse, and leaves without client auth usage', async () => {
    const broken = await root(vault, 'POST', 'auth/cert/certs/broken', { body: { certificate: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n' }, dispatcher: agent() });
    expect(broken).toMatchObject({ status: 400, body: { errors: ['failed to parse certificate'] } });
    const server = await root(vault, 'POST', 'auth/cert/certs/server', { body: { certificate: vault.tls!.serverCertPem }, dispatcher: agent() });
    expect(server.body).toEqual({ errors: ['non-CA certificates should have TLS client authentication set as an extended key usage'] });
  });

  it('answers plain HTTP on the TLS port as Go does', async () => {
    const res = await sendRaw(vault.port, 'GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n\r\n', Buffer.alloc(0));
    expect(res).toEqual({ status: 400, headers: {}, body: 'Client sent an HTTP request to an HTTPS server.\n' });
  });
});

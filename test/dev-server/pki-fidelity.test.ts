/**
 * PKI rules of Vault 1.8 (builtin/logical/pki path_root.go, path_roles.go, path_fetch.go,
 * path_issue_sign.go, path_revoke.go, path_tidy.go) beyond the single answers transcript 4 recorded.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';
import { request } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

function makeCsr(subject: forge.pki.CertificateField[]): string {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  csr.setSubject(subject);
  csr.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

describe('dev server: PKI as Vault 1.8', () => {
  let vault: VaultDevServer;

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await root(vault, 'POST', 'sys/mounts/pki', { body: { type: 'pki' } });
    await root(vault, 'POST', 'sys/mounts/pki/tune', { body: { max_lease_ttl: '87600h' } });
  });
  afterAll(() => vault.stop());

  const raw = async (path: string) => {
    const res = await request(`${vault.url}/v1/${path}`);
    return { status: res.statusCode, type: res.headers['content-type'], body: await res.body.text() };
  };

  it('before a CA: raw paths answer 204 with their content type, JSON ones 404, issuing names the missing CA', async () => {
    expect(await raw('pki/ca/pem')).toEqual({ status: 204, type: 'application/pkix-cert', body: '' });
    expect(await raw('pki/crl')).toEqual({ status: 204, type: 'application/pkix-crl', body: '' });
    expect((await root(vault, 'GET', 'pki/cert/ca')).status).toBe(404);
    expect((await root(vault, 'GET', 'pki/cert/ca_chain')).body).toEqual({ errors: ['backend must be configured with a CA certificate/key'] });
    expect((await root(vault, 'GET', 'pki/crl/rotate')).body).toEqual({
      errors: ['Error during CRL building: could not fetch the CA certificate: backend must be configured with a CA certificate/key'],
    });
    await root(vault, 'POST', 'pki/roles/any', { body: { allow_any_name: true } });
    expect((await root(vault, 'POST', 'pki/issue/any', { body: { common_name: 'x' } })).body.errors[0]).toBe(
      'could not fetch the CA certificate (was one set?): backend must be configured with a CA certificate/key',
    );
  });

  it('a root without a common name, its fields, and the published CA after DELETE root', async () => {
    const bad = await root(vault, 'POST', 'pki/root/generate/internal', { body: { key_type: 'ec' } });
    expect(bad.body).toEqual({ errors: ['unsupported bit length for EC key: 2048'] });
    const gen = await root(vault, 'POST', 'pki/root/generate/internal', { body: { ttl: '8760h' } });
    expect(Object.keys(gen.body.data).sort()).toEqual(['certificate', 'expiration', 'issuing_ca', 'serial_number']);
    const ca = new X509Certificate(gen.body.data.certificate);
    expect(ca.subject ?? '').toBe('');
    expect(await raw('pki/ca/pem')).toMatchObject({ status: 200, type: 'application/pkix-cert', body: gen.body.data.certificate });
    expect((await root(vault, 'GET', 'pki/cert/ca')).body.data).toEqual({ certificate: gen.body.data.certificate, revocation_time: 0 });
    expect(await raw('pki/ca_chain')).toEqual({ status: 204, type: 'application/pkix-cert', body: '' });
    expect((await root(vault, 'GET', 'pki/cert/ca_chain')).body.data).toEqual({ certificate: '', revocation_time: 0 });
    expect((await root(vault, 'GET', 'pki/cert/crl')).body.data.certificate).toMatch(/^-----BEGIN X509 CRL-----/);
    expect((await root(vault, 'GET', 'pki/crl/rotate')).body.data).toEqual({ success: true });
    expect((await root(vault, 'LIST', 'pki/certs/revoked')).body).toEqual({ errors: ['1 error occurred:\n\t* unsupported path\n\n'] });
    // DELETE root drops the signing bundle only: the old certificate is still published
    expect((await root(vault, 'DELETE', 'pki/root')).status).toBe(204);
    expect((await raw('pki/ca/pem')).body).toBe(gen.body.data.certificate);
    const again = await root(vault, 'POST', 'pki/root/generate/exported', { body: { common_name: 'Second Root', key_type: 'ec', key_bits: 256, ttl: '8760h' } });
    expect(again.body.data).toMatchObject({ private_key_type: 'ec', private_key: expect.stringMatching(/^-----BEGIN EC PRIVATE KEY-----/) });
    expect((await raw('pki/ca/pem')).body).toBe(again.body.data.certificate);
  });

  it('role writes replace the whole role, with 1.8 defaults and checks', async () => {
    await root(vault, 'POST', 'pki/roles/r', { body: { allowed_domains: 'a.test', allow_subdomains: true, max_ttl: '1h' } });
    await root(vault, 'POST', 'pki/roles/r', { body: { allow_bare_domains: true } });
    const read = (await root(vault, 'GET', 'pki/roles/r')).body.data;
    expect(read).toMatchObject({ allowed_domains: [], allow_subdomains: false, allow_bare_domains: true, max_ttl: 0, key_bits: 2048, allowed_domains_template: false });
    expect((await root(vault, 'POST', 'pki/roles/small', { body: { key_bits: 1024 } })).body).toEqual({ errors: ['RSA keys < 2048 bits are unsafe and not supported'] });
    expect((await root(vault, 'POST', 'pki/roles/ec', { body: { key_type: 'ec' } })).body).toEqual({ errors: ['unsupported bit length for EC key: 2048'] });
    expect((await root(vault, 'POST', 'pki/roles/nope', { body: { key_type: 'dsa' } })).body).toEqual({ errors: ['unknown key type dsa'] });
    expect((await root(vault, 'GET', 'pki/config/urls')).body.data).toEqual({ issuing_certificates: [], crl_distribution_points: [], ocsp_servers: [] });
    expect((await root(vault, 'POST', 'pki/config/urls', { body: { ocsp_servers: 'not a url' } })).body).toEqual({ errors: ['invalid URL found in OCSP servers: not a url'] });
  });

  it('sign-verbatim keeps the whole CSR subject, takes the key usages asked for, and a named role lends its TTL', async () => {
    const csr = makeCsr([
      { name: 'organizationName', value: 'Acme' },
      { name: 'commonName', value: 'anything.goes' },
    ]);
    const res = await root(vault, 'POST', 'pki/sign-verbatim', { body: { csr } });
    const cert = new X509Certificate(res.body.data.certificate);
    expect(cert.subject).toBe('O=Acme\nCN=anything.goes');
    expect(cert.subjectAltName).toBeUndefined();
    expect(cert.keyUsage).toBeUndefined();
    expect(Object.keys(res.body.data).sort()).toEqual(['certificate', 'expiration', 'issuing_ca', 'serial_number']);
    // no role: the mount's default TTL (768h)
    expect(res.body.data.expiration * 1000 - vault.now).toBeGreaterThan(767 * 3600_000);
    await root(vault, 'POST', 'pki/roles/short', { body: { allow_any_name: true, ttl: '2h', max_ttl: '2h' } });
    const viaRole = await root(vault, 'POST', 'pki/sign-verbatim/short', { body: { csr, ext_key_usage: 'ServerAuth' } });
    expect(viaRole.body.data.expiration * 1000 - vault.now).toBeLessThanOrEqual(2 * 3600_000);
    expect(new X509Certificate(viaRole.body.data.certificate).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect((await root(vault, 'POST', 'pki/sign-verbatim/missing', { body: { csr } })).body).toEqual({ errors: ['unknown role: missing'] });
  });

  it('tidy answers 202 at once and drops what expired longer ago than the safety buffer', async () => {
    await root(vault, 'POST', 'pki/roles/brief', { body: { allow_any_name: true, ttl: '30s' } });
    const d = (await root(vault, 'POST', 'pki/issue/brief', { body: { common_name: 'brief' } })).body.data;
    const hyphens = d.serial_number.replace(/:/g, '-');
    expect((await root(vault, 'LIST', 'pki/certs')).body.data.keys).toContain(hyphens);
    vault.advanceTime(120);
    const tidy = await root(vault, 'POST', 'pki/tidy', { body: { tidy_cert_store: true, safety_buffer: '1m' } });
    expect(tidy).toMatchObject({ status: 202, body: { request_id: '', data: null, warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."] } });
    expect((await root(vault, 'LIST', 'pki/certs')).body.data.keys).not.toContain(hyphens);
    expect((await root(vault, 'POST', 'pki/tidy', { body: { safety_buffer: '0' } })).body).toEqual({ errors: ['safety_buffer must be greater than zero'] });
  });

  it('lists token leases with the others under sys/leases/lookup/', async () => {
    const keys = (await root(vault, 'LIST', 'sys/leases/lookup/')).body.data.keys;
    expect(keys).toContain('auth/');
    const created = (await root(vault, 'LIST', 'sys/leases/lookup/auth/token/create/')).body.data.keys as string[];
    expect(created.every((k) => /^h[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it('answers a request whose client closed its side right after sending it (slow handler)', async () => {
    await root(vault, 'POST', 'sys/mounts/pki2', { body: { type: 'pki' } });
    const body = JSON.stringify({ common_name: 'half-closed' });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(vault.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('connect', () =>
        socket.end(`POST /v1/pki2/root/generate/internal HTTP/1.1\r\nHost: x\r\nX-Vault-Token: root\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`),
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});

import { createPrivateKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { request } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

const SERIAL = /^[0-9a-f]{2}(:[0-9a-f]{2})+$/;

/** A PEM CSR: the key from node:crypto (fast), the request built and signed by node-forge. */
function makeCsr(cn: string, dnsNames: string[] = []): { csr: string; publicKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  csr.setSubject([{ name: 'commonName', value: cn }]);
  if (dnsNames.length) {
    csr.setAttributes([{ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) }] }]);
  }
  csr.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
  return { csr: forge.pki.certificationRequestToPem(csr), publicKeyPem };
}

/** The serials listed in a DER CRL and whether its signature verifies with the CA's key. */
function readCrl(der: Buffer, ca: X509Certificate): { serials: string[]; signatureOk: boolean } {
  const list = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const [tbs, , signature] = list.value as forge.asn1.Asn1[];
  const fields = tbs.value as forge.asn1.Asn1[];
  const revoked = fields.find((f, i) => i > 4 && f.type === forge.asn1.Type.SEQUENCE && f.tagClass === forge.asn1.Class.UNIVERSAL);
  const serials = ((revoked?.value as forge.asn1.Asn1[]) ?? []).map((entry) => {
    const hex = Buffer.from((entry.value as forge.asn1.Asn1[])[0].value as string, 'binary').toString('hex').replace(/^00/, '');
    return hex.match(/../g)!.join(':');
  });
  const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  const sig = Buffer.from(signature.value as string, 'binary').subarray(1);
  return { serials, signatureOk: verify('sha256', tbsDer, ca.publicKey, sig) };
}

describe('pki engine', () => {
  let vault: VaultDevServer;
  let caPem: string;
  let ca: X509Certificate;

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await root(vault, 'POST', 'sys/mounts/pki', { body: { type: 'pki' } });
    const gen = await root(vault, 'POST', 'pki/root/generate/internal', { body: { common_name: 'Dev Root CA', ttl: '720h' } });
    expect(gen.status).toBe(200);
    caPem = gen.body.data.certificate;
    ca = new X509Certificate(caPem);
    await root(vault, 'POST', 'pki/config/urls', {
      body: { issuing_certificates: `${vault.url}/v1/pki/ca`, crl_distribution_points: `${vault.url}/v1/pki/crl` },
    });
    await root(vault, 'POST', 'pki/roles/web', { body: { allowed_domains: 'example.com', allow_subdomains: true, allow_ip_sans: true, max_ttl: '72h', ttl: '24h' } });
    await root(vault, 'POST', 'pki/roles/no-ip', { body: { allowed_domains: ['example.com'], allow_bare_domains: true, allow_ip_sans: false } });
    await root(vault, 'POST', 'pki/roles/long', { body: { allow_any_name: true, max_ttl: '8760h' } });
    await root(vault, 'POST', 'pki/roles/ec', { body: { allow_any_name: true, key_type: 'ec', key_bits: 256 } });
  });
  afterAll(() => vault.stop());

  it('generates a self-signed CA with a Vault-style serial, published unauthenticated at pki/ca/pem', async () => {
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.subject).toBe('CN=Dev Root CA');
    const pem = await request(`${vault.url}/v1/pki/ca/pem`);
    expect(pem.statusCode).toBe(200);
    expect(await pem.body.text()).toBe(caPem);
    const again = await root(vault, 'POST', 'pki/root/generate/internal', { body: { common_name: 'Other' } });
    expect(again.body.data).toBeNull();
    expect(again.body.warnings[0]).toMatch(/^Refusing to generate a root certificate over an existing root certificate/);
  });

  it('issues a certificate for an allowed name that verifies against the CA, with its SANs and key', async () => {
    const res = await root(vault, 'POST', 'pki/issue/web', { body: { common_name: 'app.example.com', alt_names: 'api.example.com', ip_sans: '10.0.0.7', ttl: '1h' } });
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.serial_number).toMatch(SERIAL);
    expect(d.private_key_type).toBe('rsa');
    expect(d.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(d.issuing_ca).toBe(caPem);
    // 1.8 answers ca_chain only for a CA that has a chain; a root has none
    expect(d).not.toHaveProperty('ca_chain');
    const cert = new X509Certificate(d.certificate);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(d.private_key))).toBe(true);
    expect(cert.subject).toBe('CN=app.example.com');
    expect(cert.subjectAltName).toBe('DNS:api.example.com, DNS:app.example.com, IP Address:10.0.0.7');
    expect(cert.serialNumber.toLowerCase()).toBe(d.serial_number.replace(/:/g, ''));
    const notAfter = Date.parse(cert.validTo);
    expect(d.expiration).toBe(notAfter / 1000);
    expect(notAfter - vault.now).toBeLessThanOrEqual(3600_000);
    expect(notAfter - vault.now).toBeGreaterThan(3590_000);
  });

  it('is accepted by openssl verify when openssl is installed', async () => {
    const probe = spawnSync('openssl', ['version']);
    if (probe.status !== 0) return;
    const d = (await root(vault, 'POST', 'pki/issue/web', { body: { common_name: 'tls.example.com', ttl: '1h' } })).body.data;
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    writeFileSync(join(dir, 'ca.pem'), `${caPem}\n`);
    writeFileSync(join(dir, 'cert.pem'), `${d.certificate}\n`);
    const out = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'cert.pem')], { encoding: 'utf8' });
    expect(out.stdout.trim()).toBe(`${join(dir, 'cert.pem')}: OK`);
  });

  it("refuses names, IP SANs and roles outside what the role allows, with Vault's texts", async () => {
    const issue = (role: string, body: object) => root(vault, 'POST', `pki/issue/${role}`, { body });
    expect((await issue('web', { common_name: 'evil.org' })).body).toEqual({ errors: ['common name evil.org not allowed by this role'] });
    expect((await issue('web', { common_name: 'example.com' })).body).toEqual({ errors: ['common name example.com not allowed by this role'] });
    expect((await issue('web', { common_name: 'a.example.com', alt_names: 'b.other.org' })).body).toEqual({
      errors: ['subject alternate name b.other.org not allowed by this role'],
    });
    expect((await issue('no-ip', { common_name: 'example.com', ip_sans: '10.0.0.1,10.0.0.2' })).body).toEqual({
      errors: ['IP Subject Alternative Names are not allowed in this role, but was provided [10.0.0.1 10.0.0.2]'],
    });
    expect((await issue('web', { common_name: 'a.example.com', ip_sans: 'not-an-ip' })).body).toEqual({ errors: ["the value 'not-an-ip' is not a valid IP address"] });
    expect((await issue('nope', { common_name: 'a.example.com' })).body).toEqual({ errors: ['unknown role: nope'] });
    expect((await issue('web', { common_name: 'a.example.com', format: 'p12' })).body).toEqual({
      errors: ['the "format" path parameter must be "pem", "der", or "pem_bundle"'],
    });
    // issue has no existence check: a field that does not convert is a Go error (500, wrapped)
    expect(await issue('web', { common_name: 'a.example.com', ttl: 'abc' })).toMatchObject({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* error converting input abc for field "ttl": strconv.ParseInt: parsing "abc": invalid syntax\n\n'] },
    });
    expect((await issue('web', {})).body.errors[0]).toMatch(/^the common_name field is required/);
  });

  it("caps the TTL at the role's max_ttl silently, as 1.8 does, and refuses to outlive the CA", async () => {
    const capped = await root(vault, 'POST', 'pki/issue/web', { body: { common_name: 'a.example.com', ttl: '100h' } });
    expect(capped.body.warnings).toBeNull();
    expect(Date.parse(new X509Certificate(capped.body.data.certificate).validTo) - vault.now).toBeLessThanOrEqual(72 * 3600_000);
    expect(Date.parse(new X509Certificate(capped.body.data.certificate).validTo) - vault.now).toBeGreaterThan(72 * 3600_000 - 5000);
    const beyond = await root(vault, 'POST', 'pki/issue/long', { body: { common_name: 'a.example.com', ttl: '740h' } });
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors[0]).toMatch(
      /^cannot satisfy request, as TTL would result in notAfter \S+Z that is beyond the expiration of the CA certificate at \S+Z$/,
    );
  });

  it('signs a CSR without ever seeing the private key; a tampered CSR is refused', async () => {
    const { csr, publicKeyPem } = makeCsr('svc.example.com', ['svc.example.com', 'alt.example.com']);
    const res = await root(vault, 'POST', 'pki/sign/web', { body: { csr, ttl: '2h' } });
    expect(res.status).toBe(200);
    expect(res.body.data.private_key).toBeUndefined();
    const cert = new X509Certificate(res.body.data.certificate);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(publicKeyPem);
    expect(cert.subjectAltName).toBe('DNS:alt.example.com, DNS:svc.example.com');
    const outside = makeCsr('svc.other.org').csr;
    expect((await root(vault, 'POST', 'pki/sign/web', { body: { csr: outside } })).body).toEqual({ errors: ['common name svc.other.org not allowed by this role'] });
    const der = Buffer.from(csr.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] ^= 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    expect((await root(vault, 'POST', 'pki/sign/web', { body: { csr: tampered } })).body).toEqual({ errors: ['request signature invalid'] });
    expect((await root(vault, 'POST', 'pki/sign/web', { body: {} })).body).toEqual({ errors: ['"csr" is empty'] });
  });

  it('issues EC keys and answers in der and pem_bundle with pkcs8 keys', async () => {
    const der = (await root(vault, 'POST', 'pki/issue/ec', { body: { common_name: 'edge', ttl: '1h', format: 'der', private_key_format: 'pkcs8' } })).body.data;
    expect(der.private_key_type).toBe('ec');
    const cert = new X509Certificate(Buffer.from(der.certificate, 'base64'));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(createPrivateKey({ key: Buffer.from(der.private_key, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('ec');
    const bundle = (await root(vault, 'POST', 'pki/issue/web', { body: { common_name: 'b.example.com', ttl: '1h', format: 'pem_bundle' } })).body.data;
    // the key then the certificate; the root is no part of the chain
    expect(bundle.certificate.match(/-----BEGIN [A-Z ]+-----/g)).toEqual(['-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN CERTIFICATE-----']);
    expect(bundle.issuing_ca).toBe(caPem);
  });

  it('revokes a serial: it appears in the signed CRL and in cert/<serial>; the CA itself cannot be revoked', async () => {
    const d = (await root(vault, 'POST', 'pki/issue/web', { body: { common_name: 'gone.example.com', ttl: '1h' } })).body.data;
    const listed = await root(vault, 'LIST', 'pki/certs');
    // stored (and listed) under the hyphen form
    expect(listed.body.data.keys).toEqual(expect.arrayContaining([d.serial_number.replace(/:/g, '-'), ca.serialNumber.toLowerCase().match(/../g)!.join('-')]));
    const revoked = await root(vault, 'POST', 'pki/revoke', { body: { serial_number: d.serial_number.replace(/:/g, '-').toUpperCase() } });
    expect(revoked.body.data).toEqual({ revocation_time: expect.any(Number), revocation_time_rfc3339: expect.stringMatching(/Z$/) });
    expect(Math.abs(revoked.body.data.revocation_time * 1000 - vault.now)).toBeLessThan(5000);
    const again = await root(vault, 'POST', 'pki/revoke', { body: { serial_number: d.serial_number } });
    expect(again.body.data.revocation_time).toBe(revoked.body.data.revocation_time);

    const crl = await request(`${vault.url}/v1/pki/crl`);
    expect(crl.headers['content-type']).toBe('application/pkix-crl');
    const parsed = readCrl(Buffer.from(await crl.body.arrayBuffer()), ca);
    expect(parsed.signatureOk).toBe(true);
    expect(parsed.serials).toContain(d.serial_number);
    const crlPem = await request(`${vault.url}/v1/pki/crl/pem`);
    expect(await crlPem.body.text()).toMatch(/^-----BEGIN X509 CRL-----/);

    const fetched = await request(`${vault.url}/v1/pki/cert/${d.serial_number}`);
    const body = (await fetched.body.json()) as any;
    expect(body.data).toEqual({ certificate: d.certificate, revocation_time: revoked.body.data.revocation_time });
    const viaHyphens = await root(vault, 'GET', `pki/cert/${d.serial_number.replace(/:/g, '-')}`);
    expect(viaHyphens.body.data.certificate).toBe(d.certificate);

    const caSerial = ca.serialNumber.toLowerCase().match(/../g)!.join(':');
    expect((await root(vault, 'POST', 'pki/revoke', { body: { serial_number: caSerial } })).body).toEqual({ errors: ['adding CA to CRL is not allowed'] });
    expect((await root(vault, 'POST', 'pki/revoke', { body: { serial_number: '01-0A' } })).body).toEqual({ errors: ['certificate with serial 01:0a not found'] });
    expect((await root(vault, 'POST', 'pki/revoke', { body: {} })).body).toEqual({ errors: ['The serial number must be provided'] });
    // an expired certificate is not put on the CRL: 204, nothing said
    const short = (await root(vault, 'POST', 'pki/issue/web', { body: { common_name: 'brief.example.com', ttl: '10s' } })).body.data;
    vault.advanceTime(20);
    expect((await root(vault, 'POST', 'pki/revoke', { body: { serial_number: short.serial_number } })).status).toBe(204);
  });

  it('keeps no_store certificates out of the list and serves roles back', async () => {
    await root(vault, 'POST', 'pki/roles/ephemeral', { body: { allow_any_name: true, no_store: true, ttl: '1h' } });
    const d = (await root(vault, 'POST', 'pki/issue/ephemeral', { body: { common_name: 'tmp' } })).body.data;
    expect((await root(vault, 'LIST', 'pki/certs')).body.data.keys).not.toContain(d.serial_number);
    expect((await root(vault, 'GET', `pki/cert/${d.serial_number}`)).status).toBe(404);
    const role = (await root(vault, 'GET', 'pki/roles/web')).body.data;
    expect(role).toMatchObject({ allowed_domains: ['example.com'], allow_subdomains: true, max_ttl: 259200, ttl: 86400, key_type: 'rsa', key_bits: 2048 });
    expect((await root(vault, 'LIST', 'pki/roles')).body.data.keys).toEqual(['ec', 'ephemeral', 'long', 'no-ip', 'web']);
    expect((await root(vault, 'POST', 'pki/roles/bad', { body: { ttl: '2h', max_ttl: '1h' } })).body).toEqual({ errors: ['"ttl" value must be less than "max_ttl" value'] });
  });
});

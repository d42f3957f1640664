/**
 * Certificates: issue_certificate, sign_certificate, revoke_certificate and
 * list_certificates run as the engine runs them, against the dev server's PKI engine over HTTP.
 */
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { issueCertificate } from '../../src/lib/actions/issue-certificate';
import { listCertificates } from '../../src/lib/actions/list-certificates';
import { revokeCertificate } from '../../src/lib/actions/revoke-certificate';
import { signCertificate } from '../../src/lib/actions/sign-certificate';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { rootAuth, rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

const SERIAL = /^[0-9a-f]{2}(:[0-9a-f]{2})+$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

let vault: VaultDevServer;
let ca: X509Certificate;
let caPem: string;

/** Vault's plain-hex serial from Node (`1A2B`) as Vault writes it (`1a:2b`). */
const vaultSerial = (x509: X509Certificate) => x509.serialNumber.toLowerCase().match(/../g)!.join(':');

/** One RSA key for every CSR of the suite (keygen is the slow part). */
let csrKey: ReturnType<typeof generateKeyPairSync> | undefined;

/** A PEM CSR: the key from node:crypto, the request built and signed by node-forge. */
function makeCsr(cn: string): { csr: string; publicKeyPem: string } {
  csrKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { publicKey, privateKey } = csrKey;
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  csr.setSubject([{ name: 'commonName', value: cn }]);
  csr.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
  return { csr: forge.pki.certificationRequestToPem(csr), publicKeyPem };
}

/** The serial numbers a DER CRL lists (`1a:2b:...`). */
function crlSerials(der: Buffer): string[] {
  const list = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const fields = (list.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  // TBSCertList: [version], signature, issuer, thisUpdate, [nextUpdate], [revokedCertificates]: the
  // revoked list is the universal SEQUENCE after the issuer (index > 2) whose entries are SEQUENCEs.
  const revoked = fields.find((f, i) => i > 2 && f.tagClass === forge.asn1.Class.UNIVERSAL && f.type === forge.asn1.Type.SEQUENCE);
  return ((revoked?.value as forge.asn1.Asn1[]) ?? []).map((entry) => {
    const hex = Buffer.from((entry.value as forge.asn1.Asn1[])[0].value as string, 'binary').toString('hex').replace(/^00/, '');
    return hex.match(/../g)!.join(':');
  });
}

beforeAll(async () => {
  vault = await startVault();
  await rootRequest(vault, 'POST', 'sys/mounts/pki', { type: 'pki', config: { max_lease_ttl: '8760h' } });
  const gen = await rootRequest(vault, 'POST', 'pki/root/generate/internal', { common_name: 'Piece Test Root CA', ttl: '8760h' });
  caPem = gen.body.data.certificate;
  ca = new X509Certificate(caPem);
  await rootRequest(vault, 'POST', 'pki/config/urls', { issuing_certificates: `${vault.url}/v1/pki/ca`, crl_distribution_points: `${vault.url}/v1/pki/crl` });
  await rootRequest(vault, 'POST', 'pki/roles/web', { allowed_domains: 'example.com', allow_subdomains: true, allow_ip_sans: true, max_ttl: '72h', ttl: '24h', key_type: 'ec', key_bits: 256 });
  await rootRequest(vault, 'POST', 'pki/roles/csr', { allowed_domains: 'example.com', allow_subdomains: true, max_ttl: '72h', key_type: 'any' });
  await rootRequest(vault, 'POST', 'pki/roles/leased', { allowed_domains: 'example.com', allow_subdomains: true, generate_lease: true, max_ttl: '72h', key_type: 'ec', key_bits: 256 });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

describe('issue_certificate', () => {
  it('issues a certificate for an allowed name that verifies against the CA, with its SANs, key and expiry within the TTL', async () => {
    const before = Date.now();
    const out = await runAction(issueCertificate, rootAuth(vault), {
      role: 'web',
      commonName: 'app.example.com',
      altNames: ['api.example.com'],
      ipSans: ['10.0.0.7'],
      ttl: '1h',
    });
    const cert = new X509Certificate(out.certificate);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.subject).toBe('CN=app.example.com');
    expect(cert.subjectAltName).toContain('DNS:app.example.com');
    expect(cert.subjectAltName).toContain('DNS:api.example.com');
    expect(cert.subjectAltName).toContain('IP Address:10.0.0.7');
    expect(out.issuingCa.trim()).toBe(caPem.trim());
    expect(out.caChain.map((c: string) => c.trim())).toContain(caPem.trim());

    const notAfter = Date.parse(cert.validTo);
    expect(notAfter).toBeLessThanOrEqual(before + 3600_000 + 2_000);
    expect(notAfter).toBeGreaterThan(before + 3600_000 - 120_000);
    expect(out.expiration).toMatch(ISO);
    expect(Date.parse(out.expiration)).toBe(notAfter);

    expect(out.serialNumber).toMatch(SERIAL);
    expect(out.serialNumber).toBe(vaultSerial(cert));
    // The key is the certificate's.
    expect(['rsa', 'ec', 'ed25519']).toContain(out.privateKeyType);
    expect(createPublicKey(out.privateKey).export({ type: 'spki', format: 'pem' })).toBe(cert.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(out).not.toHaveProperty('leaseId');
  });

  it('honours the format and private key format', async () => {
    const der = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'der.example.com', format: 'der', privateKeyFormat: 'pkcs8' });
    const cert = new X509Certificate(Buffer.from(der.certificate, 'base64'));
    expect(cert.subject).toBe('CN=der.example.com');
    expect(der.privateKey).not.toContain('-----BEGIN');

    const pkcs8 = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'p8.example.com', format: 'pem', privateKeyFormat: 'pkcs8' });
    expect(pkcs8.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('returns the lease when the role generates leases', async () => {
    const out = await runAction(issueCertificate, rootAuth(vault), { role: 'leased', commonName: 'leased.example.com', ttl: '1h' });
    expect(out.leaseId).toMatch(/^pki\/issue\/leased\//);
  });

  it('refuses a name outside the role with Vault\'s reason, and no key anywhere', async () => {
    const store = new MemoryStore();
    const err = await runFailing(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'evil.org', ttl: '1h' }, { store });
    // Vault's reason, with the name: a certificate request holds nothing secret (publicBody).
    expect(err.message).toContain('Vault said: "common name evil.org not allowed by this role"');
    expect(err.message).toContain('The PKI role "web" refused to issue this certificate (400)');
    expect(err.message).toContain('POST /v1/pki/issue/web');
    expect(err.message).toMatch(/allowed_domains/);
    expect(err.message).not.toMatch(/PRIVATE KEY/);
    expect(store.dump()).not.toMatch(/PRIVATE KEY/);
  });

  it('never puts an issued key in an error, even when the answer is malformed', async () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nSECRET-KEY-MATERIAL-8c1d\n-----END RSA PRIVATE KEY-----';
    vault.inject({ path: 'pki/issue/web', status: 200, body: { data: { private_key: key, private_key_type: 'rsa', serial_number: 'x', expiration: 'soon' } } });
    const err = await runFailing(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'bad.example.com' });
    expect(err.message).toMatch(/certificate/);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('SECRET-KEY-MATERIAL');
  });

  it('names the prop, not the value, for bad input', async () => {
    const err = await runFailing(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'x.example.com', ipSans: ['not-an-ip-7f3a'] });
    expect(err.message).toMatch(/"ipSans"/);
    expect(err.message).not.toContain('not-an-ip-7f3a');
    const role = await runFailing(issueCertificate, rootAuth(vault), { role: '../../sys/x', commonName: 'x.example.com' });
    expect(role.message).toMatch(/"role"/);
  });
});

describe('sign_certificate', () => {
  it('signs a CSR: the certificate carries the CSR\'s key, verifies against the CA, and no private key is returned', async () => {
    const { csr, publicKeyPem } = makeCsr('csr.example.com');
    const out = await runAction(signCertificate, rootAuth(vault), { role: 'csr', csr, commonName: 'csr.example.com', ttl: '2h' });
    expect(Object.keys(out).sort()).toEqual(['caChain', 'certificate', 'expiration', 'issuingCa', 'serialNumber']);
    expect(JSON.stringify(out)).not.toMatch(/PRIVATE KEY/);
    const cert = new X509Certificate(out.certificate);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(publicKeyPem);
    expect(cert.subject).toBe('CN=csr.example.com');
    expect(out.serialNumber).toBe(vaultSerial(cert));
    expect(Date.parse(out.expiration)).toBe(Date.parse(cert.validTo));
  });

  it('refuses text that is not a CSR, naming the prop', async () => {
    const err = await runFailing(signCertificate, rootAuth(vault), { role: 'web', csr: 'hello' });
    expect(err.message).toMatch(/"csr"/);
  });
});

describe('revoke_certificate and list_certificates', () => {
  it('a revoked serial appears in the CRL; revocationTime is ISO 8601', async () => {
    const issued = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'revoke-me.example.com', ttl: '1h' });
    const before = Date.now();
    const out = await runAction(revokeCertificate, rootAuth(vault), { serialNumber: issued.serialNumber });
    expect(Object.keys(out)).toEqual(['revocationTime']);
    expect(out.revocationTime).toMatch(ISO);
    expect(Math.abs(Date.parse(out.revocationTime) - before)).toBeLessThan(5_000);

    const crl = await fetch(`${vault.url}/v1/pki/crl`);
    expect(crl.status).toBe(200);
    expect(crlSerials(Buffer.from(await crl.arrayBuffer()))).toContain(issued.serialNumber);

    // Plain hex (as Node prints serials) works too; a second revocation keeps the first time.
    const again = await runAction(revokeCertificate, rootAuth(vault), { serialNumber: issued.serialNumber.replace(/:/g, '').toUpperCase() });
    expect(again.revocationTime).toBe(out.revocationTime);
  });

  it('refuses a malformed serial naming the prop', async () => {
    const err = await runFailing(revokeCertificate, rootAuth(vault), { serialNumber: 'zz-top' });
    expect(err.message).toMatch(/"serialNumber"/);
  });

  it('lists certificates with their common name and expiry, and filters to those expiring soon', async () => {
    const soon = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'soon.example.com', ttl: '2h' });
    const later = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'later.example.com', ttl: '48h' });
    const revoked = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'gone.example.com', ttl: '2h' });
    await runAction(revokeCertificate, rootAuth(vault), { serialNumber: revoked.serialNumber });

    const all = await runAction(listCertificates, rootAuth(vault), {});
    expect(all.truncated).toBe(false);
    const bySerial = new Map(all.certificates.map((c: any) => [c.serialNumber, c]));
    expect(bySerial.get(soon.serialNumber)).toEqual({ serialNumber: soon.serialNumber, commonName: 'soon.example.com', notAfter: soon.expiration });
    expect(bySerial.get(later.serialNumber)).toEqual({ serialNumber: later.serialNumber, commonName: 'later.example.com', notAfter: later.expiration });
    expect(bySerial.has(revoked.serialNumber)).toBe(true);
    const times = all.certificates.map((c: any) => Date.parse(c.notAfter));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const expiring = await runAction(listCertificates, rootAuth(vault), { expiringWithinDays: 1 });
    const serials = expiring.certificates.map((c: any) => c.serialNumber);
    expect(serials).toContain(soon.serialNumber);
    expect(serials).not.toContain(later.serialNumber);
    expect(serials).not.toContain(revoked.serialNumber);
    expect(JSON.stringify(all)).not.toMatch(/BEGIN/);
  });
});

describe('access modes', () => {
  it('issue and sign mint credentials: refused on read_only and write_only before any request; revoke is a write', async () => {
    vault.clearRequests();
    for (const accessMode of ['read_only', 'write_only']) {
      const limited = rootAuth(vault, { accessMode });
      const refused = await runFailing(issueCertificate, limited, { role: 'web', commonName: 'ro.example.com' });
      expect(refused.message).toMatch(/read-and-write/);
      expect(refused.message).toMatch(/creates new credentials/);
      expect((await runFailing(signCertificate, limited, { role: 'csr', csr: makeCsr('ro.example.com').csr })).message).toMatch(/read-and-write/);
    }
    expect((await runFailing(revokeCertificate, rootAuth(vault, { accessMode: 'read_only' }), { serialNumber: '01:02' })).message).toMatch(/read-only/);
    expect(vault.count({ path: /^pki\// })).toBe(0);

    const issued = await runAction(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'wo.example.com', ttl: '1h' });
    const wo = rootAuth(vault, { accessMode: 'write_only' });
    expect((await runAction(revokeCertificate, wo, { serialNumber: issued.serialNumber })).revocationTime).toMatch(ISO);
  });

  it('list_certificates is a read: refused on write_only, allowed on read_only', async () => {
    vault.clearRequests();
    const err = await runFailing(listCertificates, rootAuth(vault, { accessMode: 'write_only' }), {});
    expect(err.message).toMatch(/write-only/);
    expect(vault.count({ path: /^pki\// })).toBe(0);
    const out = await runAction(listCertificates, rootAuth(vault, { accessMode: 'read_only' }), {});
    expect(out.certificates.length).toBeGreaterThan(0);
  });

  it('a mount with no PKI engine is an error, not an empty list', async () => {
    const err = await runFailing(listCertificates, rootAuth(vault), { pkiPath: 'no-such-pki' });
    expect(err.message).toContain('no-such-pki/certs');
    await rootRequest(vault, 'POST', 'sys/mounts/empty-pki', { type: 'pki' });
    expect(await runAction(listCertificates, rootAuth(vault), { pkiPath: 'empty-pki' })).toEqual({ certificates: [], truncated: false });
  });

  it('a path prefix applies to the PKI mount', async () => {
    const err = await runFailing(issueCertificate, rootAuth(vault, { pathPrefix: 'secret/app/' }), { role: 'web', commonName: 'p.example.com' });
    expect(err.message).toMatch(/outside this connection's path prefix/);
    const inside = await runAction(issueCertificate, rootAuth(vault, { pathPrefix: 'pki/issue/web' }), { role: 'web', commonName: 'p.example.com', ttl: '1h' });
    expect(inside.serialNumber).toMatch(SERIAL);
  });
});

import { constants, generateKeyPair, privateEncrypt, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface IssuedCert {
  certPem: string;
  keyPem: string;
}

export interface TlsMaterial {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** A CA that signed neither the server nor the default client certificate. */
  otherCaPem: string;
  /** A client certificate for `cn`, signed by the CA (or by the other CA, for negative tests). */
  issueClientCert(cn: string, opts?: { signedByOtherCa?: boolean; validDays?: number }): IssuedCert;
}

interface KeyPair {
  pub: forge.pki.rsa.PublicKey;
  privPem: string;
}

interface Ca {
  cert: forge.pki.Certificate;
  key: KeyPair;
  pem: string;
}

const generateRsa = promisify(generateKeyPair);

/** RSA keys from node:crypto (native, and several at once on the thread pool); forge only builds certificates. */
async function newKeyPair(): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { pub: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey, privPem: privateKey };
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** Signs a certificate with node:crypto (PKCS#1 v1.5 over SHA-256): forge's pure-JS RSA is slow. */
function signCert(cert: forge.pki.Certificate, key: KeyPair): void {
  const signer = {
    sign: (md: forge.md.MessageDigest) => {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const signature = privateEncrypt({ key: key.privPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]));
      return signature.toString('binary');
    },
  };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

function baseCert(pub: forge.pki.rsa.PublicKey, cn: string, validDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  // Positive serial: first byte below 0x80.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now + validDays * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'Vault Dev Server' }]);
  return cert;
}

function makeCa(cn: string, kp: KeyPair): Ca {
  const cert = baseCert(kp.pub, cn, 3650);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCert(cert, kp);
  return { cert, key: kp, pem: forge.pki.certificateToPem(cert) };
}

function issue(ca: Ca, kp: KeyPair, cn: string, kind: 'server' | 'client', validDays = 365): IssuedCert {
  const cert = baseCert(kp.pub, cn, validDays);
  cert.setIssuer(ca.cert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: kind === 'server', clientAuth: kind === 'client' },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (kind === 'server')
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] });
  cert.setExtensions(extensions);
  signCert(cert, ca.key);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: kp.privPem };
}

let cached: Promise<TlsMaterial> | undefined;

/**
 * Generated once per process, so later TLS servers start without key generation. Client
 * certificates from `issueClientCert` share one key pair (each certificate is still distinct),
 * which keeps issuing them instant.
 */
export function getTlsMaterial(): Promise<TlsMaterial> {
  cached ??= build();
  return cached;
}

async function build(): Promise<TlsMaterial> {
  const [caKey, otherKey, serverKey, clientKey] = await Promise.all([newKeyPair(), newKeyPair(), newKeyPair(), newKeyPair()]);
  const ca = makeCa('Vault Dev Server CA', caKey);
  const other = makeCa('Some Other CA', otherKey);
  const server = issue(ca, serverKey, '127.0.0.1', 'server', 825);
  const client = issue(ca, clientKey, 'vault-dev-client', 'client');
  return {
    caPem: ca.pem,
    serverCertPem: server.certPem,
    serverKeyPem: server.keyPem,
    clientCertPem: client.certPem,
    clientKeyPem: client.keyPem,
    otherCaPem: other.pem,
    issueClientCert: (cn, opts = {}) => issue(opts.signedByOtherCa ? other : ca, clientKey, cn, 'client', opts.validDays ?? 365),
  };
}

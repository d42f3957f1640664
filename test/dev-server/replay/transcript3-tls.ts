/**
 * Scenario 7 of transcript 3 ran against a second Vault, started from a config file (not initialised,
 * TLS listeners), with cert auth. Its certificates' private keys were not recorded, so the replay
 * mints stand-ins that say what the recorded ones say: a CA with the same name and key id for each
 * recorded CA (the role writes send ours in place of the recorded PEM), and client certificates with
 * the recorded common name, serial number and key ids (what Vault puts in the login's metadata).
 * Which certificate each step showed is written in transcript3.txt only.
 */
import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { VaultDevServer } from '../../../dev/server';
import { sendRaw, sendRawTls, type RawResponse } from './raw-http';
import type { Row } from './transcript';

type Shown = 'none' | 'client.pem' | 'rogue-client.pem' | 'plain';

interface Issued {
  certPem: string;
  keyPem: string;
}

/** Step -> the client certificate the recorder showed (or plain HTTP), from the .txt. */
export function shownCertificates(): Map<number, Shown> {
  const text = readFileSync(join(__dirname, '../../fixtures/transcript3.txt'), 'utf8');
  const shown = new Map<number, Shown>();
  let step = 0;
  for (const line of text.split('\n')) {
    const head = /^### (\d+)\. /.exec(line);
    if (head) step = Number(head[1]);
    else if (step && line.includes('(PLAIN HTTP sent to a TLS listener port)')) shown.set(step, 'plain');
    else if (step) {
      const m = /TLS client certificate: (none|client\.pem|rogue-client\.pem)/.exec(line);
      if (m) shown.set(step, m[1] as Shown);
    }
  }
  return shown;
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function keyPair(): { pub: forge.pki.PublicKey; privPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return { pub: forge.pki.publicKeyFromPem(publicKey), privPem: privateKey };
}

function sign(cert: forge.pki.Certificate, privPem: string): void {
  const signer = {
    sign: (md: forge.md.MessageDigest) =>
      privateEncrypt({ key: privPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary'),
  };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

const octets = (hex: string) => forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, forge.util.hexToBytes(hex));
const keyIdHex = (colons: string) => colons.replace(/:/g, '');

function newCert(pub: forge.pki.PublicKey, serialHex: string, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], extensions: object[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  return cert;
}

const toPem = (cert: forge.pki.Certificate) => forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');

interface StandIn {
  ca: { recordedPem: string; pem: string; privPem: string; subject: forge.pki.CertificateField[] };
}

/** A CA with the recorded CA's subject and subject key id. */
function standInCa(recordedPem: string): StandIn['ca'] {
  const recorded = forge.pki.certificateFromPem(recordedPem);
  const ski = (recorded.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string }).subjectKeyIdentifier;
  const kp = keyPair();
  const subject = recorded.subject.attributes.map((a) => ({ type: a.type, value: a.value }) as forge.pki.CertificateField);
  const cert = newCert(kp.pub, `01${ski.slice(0, 30)}`, subject, subject, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { id: '2.5.29.14', value: octets(ski) },
  ]);
  sign(cert, kp.privPem);
  return { recordedPem, pem: toPem(cert), privPem: kp.privPem, subject };
}

/** A client certificate with what the recorded login's metadata says of it. */
function standInClient(ca: StandIn['ca'], meta: Record<string, string>): Issued {
  const kp = keyPair();
  const serialHex = BigInt(meta.serial_number).toString(16);
  const cert = newCert(kp.pub, serialHex.length % 2 ? `0${serialHex}` : serialHex, [{ name: 'commonName', value: meta.common_name }], ca.subject, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { id: '2.5.29.14', value: octets(keyIdHex(meta.subject_key_id)) },
    { name: 'authorityKeyIdentifier', keyIdentifier: forge.util.hexToBytes(keyIdHex(meta.authority_key_id)) },
  ]);
  sign(cert, ca.privPem);
  return { certPem: toPem(cert), keyPem: kp.privPem };
}

const recordedCertificate = (rows: Row[], step: number): string => JSON.parse(rows.find((r) => r.step === step)?.request_body ?? '{}').certificate;
const recordedMetadata = (rows: Row[], step: number): Record<string, string> => JSON.parse(rows.find((r) => r.step === step)?.response_body ?? '{}').auth.metadata;

export interface RecordedTls {
  send(row: Row, head: string, body: Buffer): Promise<RawResponse>;
  /** Recorded CA PEMs (as sent in JSON and as read back) -> the stand-ins. */
  substitutions: [string, string][];
}

/** Stand-ins for the test CA (role writes of steps 280/281) and the rogue CA (step 297), and their clients. */
export function recordedTls(vault: VaultDevServer, rows: Row[]): RecordedTls {
  const testCa = standInCa(recordedCertificate(rows, 280));
  const rogueCa = standInCa(recordedCertificate(rows, 297));
  const clients: Record<string, Issued> = {
    'client.pem': standInClient(testCa, recordedMetadata(rows, 285)),
    'rogue-client.pem': standInClient(rogueCa, recordedMetadata(rows, 298)),
  };
  const shown = shownCertificates();
  const substitutions: [string, string][] = [];
  for (const ca of [testCa, rogueCa]) {
    substitutions.push([JSON.stringify(ca.recordedPem).slice(1, -1), JSON.stringify(ca.pem).slice(1, -1)], [ca.recordedPem, ca.pem]);
  }
  return {
    substitutions,
    // Listener B of the recording (tls_require_and_verify_client_cert) answered only steps 300 and 301,
    // both with the right certificate, as listener A does: they are replayed on the one listener.
    send: (row, head, body) => {
      const how = shown.get(row.step) ?? 'none';
      if (how === 'plain') return sendRaw(vault.port, head, body);
      const client = how === 'none' ? undefined : clients[how];
      return sendRawTls(vault.port, head, body, { ca: vault.tls!.caPem, cert: client?.certPem, key: client?.keyPem });
    },
  };
}

/**
 * Values that differ on every run of any Vault (keys, certificates, ciphertexts, serial numbers,
 * lease ids, unseal keys, timestamps) cannot be compared byte for byte. Each is compared by what
 * must still hold: its form, its size, what a certificate says, how far a time is from the request.
 * Minted values later requests quote (serial numbers, lease ids, unseal keys) are recorded in `subs`.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** When the recorded request and the replayed one were sent, in ms (recording clock, server clock). */
export interface Moment {
  recordedMs: number;
  actualMs: number;
}

/** A timestamp may be this far off its recorded distance from the request (clock steps, rounding). */
const TIME_TOLERANCE_MS = 3_000;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const HEX_PAIRS = /^[0-9a-f]{2}(?:([:-])[0-9a-f]{2})+$/;
const CIPHERTEXT = /^vault:v(\d+):([A-Za-z0-9+/]*={0,2})$/;
const DER_BASE64 = /^MII[A-Za-z0-9+/]+={0,2}$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** true: same form; a string: why not; false: not a minted value at all. */
export function sameMintedForm(key: string, recorded: unknown, actual: unknown, moment: Moment | undefined, subs: Map<string, string>): boolean | string {
  if (typeof recorded === 'number' && recorded >= 1e9 && recorded < 4e9 && Number.isInteger(recorded) && moment) {
    if (typeof actual !== 'number') return 'not a unix time';
    return sameDistance(recorded * 1000, actual * 1000, moment);
  }
  if (typeof recorded !== 'string' || typeof actual !== 'string') return false;
  if (RFC3339.test(recorded) && moment) {
    if (!RFC3339.test(actual)) return 'not an RFC 3339 time';
    return sameDistance(Date.parse(recorded), Date.parse(actual), moment);
  }
  if (key === 'lease_id' && recorded !== '' && actual !== '') return sameLeaseId(recorded, actual, subs);
  if (recorded.includes('-----BEGIN ')) return samePem(recorded, actual);
  const cipher = CIPHERTEXT.exec(recorded);
  if (cipher) {
    const got = CIPHERTEXT.exec(actual);
    if (!got || got[1] !== cipher[1]) return 'another key version';
    return Buffer.from(got[2], 'base64').length === Buffer.from(cipher[2], 'base64').length || 'another ciphertext length';
  }
  const hex = key === 'serial_number' ? HEX_PAIRS.exec(recorded) : null;
  if (hex) {
    const got = HEX_PAIRS.exec(actual);
    // a serial is a random number below 2^159: up to 20 bytes, fewer when it starts with zero bytes
    if (!got || got[1] !== hex[1] || actual.length > 59) return 'another serial number form';
    addSerial(recorded, actual, subs);
    return true;
  }
  if ((key === 'keys' || key === 'keys_base64') && /^[0-9a-f]{64}$|^[A-Za-z0-9+/]{43}=$/.test(recorded)) {
    if (actual.length !== recorded.length) return 'another unseal key form';
    subs.set(recorded, actual);
    return true;
  }
  if (DER_BASE64.test(recorded) && recorded.length > 200) return sameDer(Buffer.from(recorded, 'base64'), Buffer.from(actual, 'base64'));
  return false;
}

function sameDistance(recordedMs: number, actualMs: number, m: Moment): boolean | string {
  const drift = actualMs - m.actualMs - (recordedMs - m.recordedMs);
  return Math.abs(drift) <= TIME_TOLERANCE_MS || `${Math.round(drift / 1000)} s off the recorded distance from the request`;
}

function sameLeaseId(recorded: string, actual: string, subs: Map<string, string>): boolean | string {
  const cut = recorded.lastIndexOf('/');
  if (cut === -1 || actual.slice(0, actual.lastIndexOf('/')) !== recorded.slice(0, cut)) return 'another lease path';
  if (actual.length !== recorded.length) return 'another lease id length';
  subs.set(recorded, actual);
  subs.set(recorded.slice(cut + 1), actual.slice(cut + 1));
  return true;
}

function addSerial(recorded: string, actual: string, subs: Map<string, string>): void {
  for (const sep of [':', '-']) subs.set(recorded.replace(/[:-]/g, sep), actual.replace(/[:-]/g, sep));
}

interface Block {
  label: string;
  der: Buffer;
}

function blocks(text: string): Block[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') }));
}

/** The same PEM blocks in the same order, each saying the same (certificates, public keys). */
export function samePem(recorded: string, actual: string): boolean | string {
  const r = blocks(recorded);
  const a = blocks(actual);
  if (r.map((b) => b.label).join() !== a.map((b) => b.label).join()) return `PEM blocks ${a.map((b) => b.label).join(', ') || 'none'}`;
  if (recorded.replace(PEM_BLOCK, 'PEM') !== actual.replace(PEM_BLOCK, 'PEM')) return 'other text around the PEM blocks';
  for (let i = 0; i < r.length; i++) {
    const verdict = r[i].label === 'CERTIFICATE' ? sameCertificate(r[i].der, a[i].der) : r[i].label === 'PUBLIC KEY' ? sameKey(createPublicKey({ key: r[i].der, format: 'der', type: 'spki' }), publicKeyOf(a[i].der)) : true;
    if (verdict !== true) return verdict;
  }
  return true;
}

function publicKeyOf(der: Buffer): KeyObject | undefined {
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

function sameKey(r: KeyObject, a: KeyObject | undefined): boolean | string {
  if (!a) return 'not a public key';
  const describe = (k: KeyObject) => `${k.asymmetricKeyType} ${k.asymmetricKeyDetails?.modulusLength ?? k.asymmetricKeyDetails?.namedCurve ?? ''}`;
  return describe(r) === describe(a) || `a ${describe(a)} key, recorded ${describe(r)}`;
}

/** Base64 DER (format=der): a certificate, or a private key in the same encoding and of the same kind. */
function sameDer(recorded: Buffer, actual: Buffer): boolean | string {
  if (isCertificate(recorded)) return sameCertificate(recorded, actual);
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    const r = privateKeyOf(recorded, type);
    if (!r) continue;
    const a = privateKeyOf(actual, type);
    return a ? sameKey(createPublicKey(r), createPublicKey(a)) : `not a ${type} private key`;
  }
  return false;
}

function isCertificate(der: Buffer): boolean {
  try {
    return Boolean(new X509Certificate(der));
  } catch {
    return false;
  }
}

function privateKeyOf(der: Buffer, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject | undefined {
  try {
    return createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}

/** Subject, issuer, names, key, CA flag, key usages and validity length (to the second). */
export function sameCertificate(recordedDer: Buffer, actualDer: Buffer): boolean | string {
  let a: X509Certificate;
  try {
    a = new X509Certificate(actualDer);
  } catch {
    return 'not a certificate';
  }
  const r = new X509Certificate(recordedDer);
  const span = (c: X509Certificate) => Math.round((Date.parse(c.validTo) - Date.parse(c.validFrom)) / 1000);
  const facts = (c: X509Certificate) => ({
    subject: c.subject,
    issuer: c.issuer,
    subjectAltName: c.subjectAltName ?? '',
    ca: c.ca,
    keyUsage: (c.keyUsage ?? []).join(','),
    infoAccess: c.infoAccess ?? '',
  });
  const rf = facts(r);
  const af = facts(a);
  for (const k of Object.keys(rf) as (keyof typeof rf)[]) if (rf[k] !== af[k]) return `certificate ${k} ${JSON.stringify(af[k])}, recorded ${JSON.stringify(rf[k])}`;
  if (Math.abs(span(a) - span(r)) > 2) return `certificate valid for ${span(a)} s, recorded ${span(r)} s`;
  return sameKey(r.publicKey, a.publicKey);
}

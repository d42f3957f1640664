/** Certificates and CRLs built as DER and signed with node:crypto, for RSA and EC keys alike. */
import { createHash, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { bits, bool, explicit, implicitConstructed, implicitPrimitive, nul, octets, oid, seq, set, smallInt, time, toDer, uint, type Node } from './der';

export interface SubjectFields {
  commonName: string;
  serialNumber?: string;
  country?: string[];
  province?: string[];
  locality?: string[];
  streetAddress?: string[];
  postalCode?: string[];
  organization?: string[];
  ou?: string[];
}

export interface Sans {
  dns: string[];
  emails: string[];
  /** Raw address bytes (4 or 16). */
  ips: Buffer[];
  uris: string[];
}

export interface Urls {
  issuing_certificates: string[];
  crl_distribution_points: string[];
  ocsp_servers: string[];
}

export interface CertSpec {
  serial: Buffer;
  /** The issuer's subject Name, byte for byte (a leaf's issuer must equal its CA's subject). */
  issuer: Node;
  subject: Node;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  isCa: boolean;
  keyUsage: string[];
  extKeyUsage: string[];
  sans: Sans;
  /** The CA's subject key id; undefined for a self-signed root (its own id is used). */
  authorityKeyId?: Buffer;
  urls?: Urls;
}

// Go's pkix.Name.ToRDNSequence order.
const NAME_OIDS: [keyof SubjectFields, string][] = [
  ['country', '2.5.4.6'],
  ['province', '2.5.4.8'],
  ['locality', '2.5.4.7'],
  ['streetAddress', '2.5.4.9'],
  ['postalCode', '2.5.4.17'],
  ['organization', '2.5.4.10'],
  ['ou', '2.5.4.11'],
  ['commonName', '2.5.4.3'],
  ['serialNumber', '2.5.4.5'],
];

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Like Go's encoding/asn1: PrintableString when it fits, UTF8String otherwise. */
function directoryString(value: string): Node {
  const { asn1 } = forge;
  return PRINTABLE.test(value)
    ? asn1.create(asn1.Class.UNIVERSAL, asn1.Type.PRINTABLESTRING, false, value)
    : asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(value));
}

export function buildName(fields: SubjectFields): Node {
  const rdns: Node[] = [];
  for (const [key, id] of NAME_OIDS) {
    const raw = fields[key];
    const values = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v) => v !== '');
    for (const v of values) rdns.push(set(seq(oid(id), directoryString(v))));
  }
  return seq(...rdns);
}

const KEY_USAGE_BITS: Record<string, number> = {
  digitalsignature: 0,
  contentcommitment: 1,
  keyencipherment: 2,
  dataencipherment: 3,
  keyagreement: 4,
  certsign: 5,
  crlsign: 6,
  encipheronly: 7,
  decipheronly: 8,
};

const EXT_KEY_USAGE_OIDS: Record<string, string> = {
  any: '2.5.29.37.0',
  serverauth: '1.3.6.1.5.5.7.3.1',
  clientauth: '1.3.6.1.5.5.7.3.2',
  codesigning: '1.3.6.1.5.5.7.3.3',
  emailprotection: '1.3.6.1.5.5.7.3.4',
  timestamping: '1.3.6.1.5.5.7.3.8',
  ocspsigning: '1.3.6.1.5.5.7.3.9',
};

function extension(id: string, critical: boolean, value: Node): Node {
  return critical ? seq(oid(id), bool(true), octets(toDer(value))) : seq(oid(id), octets(toDer(value)));
}

/** Go's marshalKeyUsage: bits reversed into one or two bytes, trailing zero bits marked unused. */
function keyUsageValue(usages: string[]): Node | undefined {
  let mask = 0;
  for (const u of usages) {
    const bit = KEY_USAGE_BITS[u.toLowerCase().replace(/^keyusage/, '')];
    if (bit !== undefined) mask |= 1 << bit;
  }
  if (mask === 0) return undefined;
  const bytes = Buffer.from([0, 0]);
  for (let bit = 0; bit < 9; bit++) if (mask & (1 << bit)) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  const used = bytes[1] ? bytes : bytes.subarray(0, 1);
  const last = used[used.length - 1];
  let unused = 0;
  while (unused < 8 && !(last & (1 << unused))) unused++;
  return bits(used, unused);
}

function generalNames(sans: Sans): Node[] {
  return [
    ...sans.dns.map((d) => implicitPrimitive(2, d)),
    ...sans.emails.map((e) => implicitPrimitive(1, e)),
    ...sans.uris.map((u) => implicitPrimitive(6, u)),
    ...sans.ips.map((ip) => implicitPrimitive(7, ip.toString('binary'))),
  ];
}

/** SHA-1 of the SubjectPublicKeyInfo, as Vault's certutil.GetSubjKeyID. */
export const subjectKeyId = (spki: Buffer): Buffer => createHash('sha1').update(spki).digest();

function extensions(spec: CertSpec): Node[] {
  const ski = subjectKeyId(spec.spki);
  const out: Node[] = [];
  const ku = keyUsageValue(spec.keyUsage);
  if (ku) out.push(extension('2.5.29.15', true, ku));
  const eku = spec.extKeyUsage.map((u) => EXT_KEY_USAGE_OIDS[u.toLowerCase().replace(/^extkeyusage/, '')]).filter(Boolean);
  if (eku.length) out.push(extension('2.5.29.37', false, seq(...eku.map(oid))));
  if (spec.isCa) out.push(extension('2.5.29.19', true, seq(bool(true))));
  out.push(extension('2.5.29.14', false, octets(ski)));
  out.push(extension('2.5.29.35', false, seq(implicitPrimitive(0, (spec.authorityKeyId ?? ski).toString('binary')))));
  const aia = [
    ...(spec.urls?.ocsp_servers ?? []).map((u) => seq(oid('1.3.6.1.5.5.7.48.1'), implicitPrimitive(6, u))),
    ...(spec.urls?.issuing_certificates ?? []).map((u) => seq(oid('1.3.6.1.5.5.7.48.2'), implicitPrimitive(6, u))),
  ];
  if (aia.length) out.push(extension('1.3.6.1.5.5.7.1.1', false, seq(...aia)));
  const names = generalNames(spec.sans);
  // An empty subject makes the SANs critical (RFC 5280 4.2.1.6).
  if (names.length) out.push(extension('2.5.29.17', (spec.subject.value as Node[]).length === 0, seq(...names)));
  const crlUrls = spec.urls?.crl_distribution_points ?? [];
  if (crlUrls.length) {
    const points = crlUrls.map((u) => seq(implicitConstructed(0, [implicitConstructed(0, [implicitPrimitive(6, u)])])));
    out.push(extension('2.5.29.31', false, seq(...points)));
  }
  return out;
}

/** sha256WithRSAEncryption or ecdsa-with-SHA256, what Vault signs with by default. */
function signatureAlgorithm(key: KeyObject): Node {
  return key.asymmetricKeyType === 'ec' ? seq(oid('1.2.840.10045.4.3.2')) : seq(oid('1.2.840.113549.1.1.11'), nul());
}

function signed(tbs: Node, key: KeyObject): Buffer {
  const algorithm = signatureAlgorithm(key);
  const signature = sign('sha256', toDer(tbs), key);
  return toDer(seq(tbs, algorithm, bits(signature)));
}

export function buildCertificate(spec: CertSpec, signer: KeyObject): Buffer {
  const { asn1 } = forge;
  const spki = asn1.fromDer(forge.util.createBuffer(spec.spki.toString('binary')));
  const tbs = seq(
    explicit(0, smallInt(2)),
    uint(spec.serial),
    signatureAlgorithm(signer),
    spec.issuer,
    seq(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spki,
    explicit(3, seq(...extensions(spec))),
  );
  return signed(tbs, signer);
}

export interface RevokedEntry {
  serial: Buffer;
  revokedAt: Date;
}

/** An X.509 v2 CRL with the authority key id and CRL number extensions, as Vault builds it. */
export function buildCrl(
  issuer: Node,
  authorityKeyId: Buffer,
  revoked: RevokedEntry[],
  thisUpdate: Date,
  nextUpdate: Date,
  number: number,
  signer: KeyObject,
): Buffer {
  const entries = revoked.map((r) => seq(uint(r.serial), time(r.revokedAt)));
  const tbs = seq(
    smallInt(1),
    signatureAlgorithm(signer),
    issuer,
    time(thisUpdate),
    time(nextUpdate),
    ...(entries.length ? [seq(...entries)] : []),
    explicit(
      0,
      seq(
        extension('2.5.29.35', false, seq(implicitPrimitive(0, authorityKeyId.toString('binary')))),
        extension('2.5.29.20', false, smallInt(number)),
      ),
    ),
  );
  return signed(tbs, signer);
}


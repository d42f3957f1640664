/**
 * How cert auth (builtin/credential/cert path_login.go, Vault 1.8) decides which registered
 * certificate a TLS client certificate logs in with: the chain (x509 Verify against every registered
 * CA, or only the named one), a registered non-CA certificate matched by serial and authority key id,
 * then each entry's constraints (names, common names, DNS/email/URI SANs, OUs).
 */
import { X509Certificate } from 'node:crypto';
import { bytesOf, children, fromDer, oidOf, type Node } from '../engines/pki/der';
import { globMatch } from './jwt-verify';

export interface CertConstraints {
  allowed_names: string[] | null;
  allowed_common_names: string[] | null;
  allowed_dns_sans: string[] | null;
  allowed_email_sans: string[] | null;
  allowed_uri_sans: string[] | null;
  allowed_organizational_units: string[] | null;
}

export interface TrustedEntry {
  name: string;
  certs: X509Certificate[];
  constraints: CertConstraints;
}

export type MatchOutcome = { entry: TrustedEntry } | { refusal: string } | { error: string };

const SUBJECT_KEY_ID = '2.5.29.14';
const AUTHORITY_KEY_ID = '2.5.29.35';

/** The certificate's subject and authority key ids (extensions), as raw bytes. */
export function keyIds(cert: X509Certificate): { ski?: Buffer; aki?: Buffer } {
  const out: { ski?: Buffer; aki?: Buffer } = {};
  try {
    const tbs = children(children(fromDer(cert.raw))[0]);
    const extsWrapper = tbs.find((n) => n.tagClass === 0x80 && n.type === 3);
    const exts = extsWrapper ? children(children(extsWrapper)[0]) : [];
    for (const ext of exts) {
      const parts = children(ext);
      const id = oidOf(parts[0]);
      const value = fromDer(bytesOf(parts[parts.length - 1]));
      if (id === SUBJECT_KEY_ID) out.ski = bytesOf(value);
      if (id === AUTHORITY_KEY_ID) {
        const keyId = children(value).find((n: Node) => n.tagClass === 0x80 && n.type === 0);
        if (keyId) out.aki = bytesOf(keyId);
      }
    }
  } catch {
    // an unparseable extension list means no key ids, as for a certificate without them
  }
  return out;
}

/** certutil.GetHexFormatted(b, ":"): "f9:18:c9". */
export const colonHex = (b: Buffer | undefined) => (b ? [...b].map((x) => x.toString(16).padStart(2, '0')).join(':') : '');

function subjectField(cert: X509Certificate, field: string): string[] {
  return cert.subject.split('\n').filter((l) => l.startsWith(`${field}=`)).map((l) => l.slice(field.length + 1));
}

export const commonName = (cert: X509Certificate) => subjectField(cert, 'CN')[0] ?? '';

function sans(cert: X509Certificate, kind: 'DNS' | 'email' | 'URI'): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .filter((s) => s.startsWith(`${kind}:`))
    .map((s) => s.slice(kind.length + 1));
}

const anyGlob = (patterns: string[] | null, values: string[]) => !patterns?.length || patterns.some((p) => values.some((v) => globMatch(p, v)));

/** matchesConstraints without CRLs and required extensions (not modelled). */
function matchesConstraints(client: X509Certificate, c: CertConstraints): boolean {
  const cn = commonName(client);
  const names = c.allowed_names?.length ? [cn, ...sans(client, 'DNS'), ...sans(client, 'email')] : [];
  return (
    anyGlob(c.allowed_names, names) &&
    anyGlob(c.allowed_common_names, [cn]) &&
    anyGlob(c.allowed_dns_sans, sans(client, 'DNS')) &&
    anyGlob(c.allowed_email_sans, sans(client, 'email')) &&
    anyGlob(c.allowed_uri_sans, sans(client, 'URI')) &&
    anyGlob(c.allowed_organizational_units, subjectField(client, 'OU'))
  );
}

const goTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * x509.Certificate.Verify with the registered CAs as roots and the client-auth key usage: the issuers
 * of `client` among `roots`, an error text (expired, wrong usage) or none at all (unknown authority).
 */
function verifyChain(client: X509Certificate, roots: X509Certificate[], nowMs: number): X509Certificate[] | string {
  const issuers = roots.filter((r) => r.fingerprint256 === client.fingerprint256 || (client.checkIssued(r) && client.verify(r.publicKey)));
  if (!issuers.length) return [];
  const from = Date.parse(client.validFrom);
  const to = Date.parse(client.validTo);
  if (nowMs < from) return `x509: certificate has expired or is not yet valid: current time ${goTime(nowMs)} is before ${goTime(from)}`;
  if (nowMs > to) return `x509: certificate has expired or is not yet valid: current time ${goTime(nowMs)} is after ${goTime(to)}`;
  const usages = client.keyUsage;
  if (usages && usages.length && !usages.includes('1.3.6.1.5.5.7.3.2') && !usages.includes('2.5.29.37.0')) return 'x509: certificate specifies an incompatible key usage';
  return issuers;
}

/** verifyCredentials: the entry the client certificate logs in with, or Vault's refusal or error text. */
export function matchClientCert(client: X509Certificate, entries: TrustedEntry[], nowMs: number): MatchOutcome {
  const cas = entries.filter((e) => e.certs[0].ca);
  const nonCas = entries.filter((e) => !e.certs[0].ca);
  const chain = verifyChain(client, cas.flatMap((e) => e.certs), nowMs);
  if (typeof chain === 'string') return { error: `failed to verify client's certificate: ${chain}` };
  const clientAki = colonHex(keyIds(client).aki);
  for (const e of nonCas) {
    const registered = e.certs[0];
    if (registered.serialNumber === client.serialNumber && colonHex(keyIds(registered).aki) === clientAki && matchesConstraints(client, e.constraints)) return { entry: e };
  }
  if (!chain.length) return { refusal: 'invalid certificate or no client certificate supplied' };
  const inChain = (c: X509Certificate) => chain.some((x) => x.fingerprint256 === c.fingerprint256);
  const match = cas.find((e) => e.certs.some(inChain) && matchesConstraints(client, e.constraints));
  return match ? { entry: match } : { refusal: 'no chain matching all constraints could be found for this login certificate' };
}

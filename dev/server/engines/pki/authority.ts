/** The mount's CA: root generation, signing leaves, revocation and the CRL. */
import { randomUUID } from 'node:crypto';
import { creationBundle, type Bundle, type BundleInput } from './bundle';
import type { ParsedCsr } from './csr';
import { fromDer, pem, toDer } from './der';
import { newKeyPair, type KeyPair, type KeyType } from './keys';
import { DEFAULT_ROLE, type PkiRole } from './roles';
import { formatSerial, newSerial, serialBytes } from './serial';
import type { CaInfo, PkiState } from './state';
import { buildCertificate, buildCrl, buildName, subjectKeyId } from './x509';

/** Vault's default CRL lifetime. */
const CRL_LIFETIME_MS = 72 * 3600 * 1000;

export interface Issued {
  der: Buffer;
  serial: string;
  notAfterMs: number;
  warnings: string[];
}

function leafUsages(role: PkiRole): string[] {
  const out = [...role.ext_key_usage];
  if (role.server_flag) out.push('ServerAuth');
  if (role.client_flag) out.push('ClientAuth');
  if (role.code_signing_flag) out.push('CodeSigning');
  if (role.email_protection_flag) out.push('EmailProtection');
  return out;
}

/** pki/root/generate/:type; the caller refuses when a CA exists. */
export async function generateRoot(
  state: PkiState,
  input: Omit<BundleInput, 'role' | 'csr'>,
  keyType: KeyType,
  keyBits: number,
): Promise<{ ca: CaInfo; key: KeyPair; warnings: string[] } | string> {
  // path_root.go: a role that allows any name and IP, with the request's TTL; the common name is optional.
  const role: PkiRole = { ...DEFAULT_ROLE, allow_any_name: true, enforce_hostnames: false, allow_ip_sans: true, require_cn: false, ttl: 0, max_ttl: 0, key_type: keyType, key_bits: keyBits };
  const bundle = creationBundle({ ...input, role });
  if (typeof bundle === 'string') return bundle;
  const key = await newKeyPair(keyType, keyBits);
  const serialRaw = newSerial();
  const subject = buildName(bundle.subject);
  const der = buildCertificate(
    {
      serial: serialRaw,
      issuer: subject,
      subject,
      notBefore: bundle.notBefore,
      notAfter: bundle.notAfter,
      spki: key.spki,
      isCa: true,
      keyUsage: ['CertSign', 'CRLSign'],
      extKeyUsage: [],
      sans: bundle.sans,
      urls: state.urls,
    },
    key.privateKey,
  );
  const serial = formatSerial(serialRaw);
  const notAfterMs = Math.floor(bundle.notAfter.getTime() / 1000) * 1000;
  const ca: CaInfo = {
    der,
    pem: pem('CERTIFICATE', der),
    key: key.privateKey,
    keyType,
    serial,
    subjectDer: toDer(subject),
    keyId: subjectKeyId(key.spki),
    notAfterMs,
    issuerId: randomUUID(),
    keyRef: randomUUID(),
  };
  state.ca = ca;
  state.caCert = { der };
  state.certs.set(serial, { der, notAfterMs });
  rebuildCrl(state, input.nowMs);
  return { ca, key, warnings: bundle.warnings };
}

/**
 * Signs a leaf for `spki` under the mount's CA with the names and validity of `bundle`; with a
 * `verbatim` CSR (sign-verbatim), its subject and names as they are (certutil UseCSRValues).
 */
export function signLeaf(state: PkiState, ca: CaInfo, role: PkiRole, bundle: Bundle, spki: Buffer, verbatim?: ParsedCsr): Issued {
  const serialRaw = newSerial();
  const der = buildCertificate(
    {
      serial: serialRaw,
      issuer: fromDer(ca.subjectDer),
      subject: verbatim ? fromDer(verbatim.subjectDer) : buildName(bundle.subject),
      notBefore: bundle.notBefore,
      notAfter: bundle.notAfter,
      spki,
      isCa: false,
      keyUsage: role.key_usage,
      extKeyUsage: leafUsages(role),
      sans: verbatim ? { dns: verbatim.dns, emails: verbatim.emails, ips: verbatim.ips, uris: verbatim.uris } : bundle.sans,
      authorityKeyId: ca.keyId,
      urls: state.urls,
    },
    ca.key,
  );
  const serial = formatSerial(serialRaw);
  const notAfterMs = Math.floor(bundle.notAfter.getTime() / 1000) * 1000;
  if (!role.no_store) state.certs.set(serial, { der, notAfterMs });
  return { der, serial, notAfterMs, warnings: bundle.warnings };
}

export function rebuildCrl(state: PkiState, nowMs: number): void {
  const ca = state.ca;
  if (!ca) return;
  state.crlNumber += 1;
  const revoked = [...state.revoked].map(([serial, atMs]) => ({ serial: serialBytes(serial), revokedAt: new Date(atMs) }));
  state.crl = buildCrl(fromDer(ca.subjectDer), ca.keyId, revoked, new Date(nowMs), new Date(nowMs + CRL_LIFETIME_MS), state.crlNumber, ca.key);
}

export type RevokeOutcome = { revokedAtMs: number } | { expired: true } | { error: string } | { notFound: true } | { noCa: true };

/** revokeCert (builtin/logical/pki/crl_util.go, 1.8): idempotent, refuses the CA, skips expired certificates. */
export function revokeSerial(state: PkiState, serial: string, nowMs: number): RevokeOutcome {
  if (!state.ca) return { noCa: true };
  if (state.ca.serial === serial) return { error: 'adding CA to CRL is not allowed' };
  const cert = state.certs.get(serial);
  if (!cert) return { notFound: true };
  const already = state.revoked.get(serial);
  if (already !== undefined) return { revokedAtMs: already };
  // "a little wiggle room because leases are stored with a second granularity"
  if (cert.notAfterMs < nowMs + 2000) return { expired: true };
  state.revoked.set(serial, nowMs);
  rebuildCrl(state, nowMs);
  return { revokedAtMs: nowMs };
}

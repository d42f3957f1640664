/**
 * A PKI mount's certificates with what each says about itself, for List Certificates and the
 * Certificate Expiring trigger: `LIST certs`, then `cert/:serial` for each (bounded count, bounded
 * concurrency), parsed with Node's X509Certificate. Certificates only: no key is ever read.
 */
import { forEachLimited } from './for-each-limited';
import { isVaultError } from '../vault/errors';
import { describeCertificate, type PkiEngine } from '../vault/engines/pki';

/** Certificates read per call: one poll or listing never fetches more. */
export const CERTIFICATE_LIMIT = 1000;
const CONCURRENCY = 8;
const DAY_MS = 86_400_000;

export interface CertificateSummary {
  serialNumber: string;
  commonName: string;
  /** ISO 8601. */
  notAfter: string;
  revoked: boolean;
}

export interface CertificateInventory {
  /** Soonest expiry first. */
  certificates: CertificateSummary[];
  /** True when the mount listed more than the limit (the first serials, in Vault's order, were read). */
  truncated: boolean;
}

export async function certificateInventory(pki: PkiEngine, limit = CERTIFICATE_LIMIT): Promise<CertificateInventory> {
  const serials = await pki.listCertificates();
  const chosen = serials.slice(0, limit);
  const found: CertificateSummary[] = [];
  await forEachLimited(chosen, CONCURRENCY, async (serial) => {
    let cert;
    try {
      cert = await pki.readCertificate(serial);
    } catch (e) {
      // Listed, then removed by a tidy before we looked.
      if (isVaultError(e) && e.kind === 'not_found') return;
      throw e;
    }
    let facts;
    try {
      facts = describeCertificate(cert.certificate);
    } catch {
      return; // not a certificate Node can read: its expiry is unknown, so it is left out
    }
    found.push({ serialNumber: serial, commonName: facts.commonName, notAfter: facts.notAfter, revoked: cert.revocationTime !== null });
  });
  found.sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter) || a.serialNumber.localeCompare(b.serialNumber));
  return { certificates: found, truncated: serials.length > limit };
}

/** Not revoked, not yet expired, and expiring within `days` of `now`. */
export function isExpiringWithin(cert: CertificateSummary, days: number, now = Date.now()): boolean {
  const at = Date.parse(cert.notAfter);
  return !cert.revoked && at > now && at <= now + days * DAY_MS;
}

export function daysLeft(cert: CertificateSummary, now = Date.now()): number {
  return Math.round(((Date.parse(cert.notAfter) - now) / DAY_MS) * 10) / 10;
}

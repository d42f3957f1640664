/**
 * The PKI secrets engine: one method per endpoint of a mount (`pki/` by default). Inputs are
 * camelCase, answers are checked by the zod schema next to each method (http.ts runs it) and come
 * back camelCase, with Vault's unix-second times as ISO 8601 text.
 *
 * Issued private keys are secrets: nothing here logs them or puts them in an error (a schema
 * failure names the field, never its value).
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { VaultPathError, isVaultError, retell } from '../errors';
import { pathUnder } from '../paths';
import { mintWithRole } from './mint-with-role';
import type { VaultRequester } from './requester';

export type CertificateFormat = 'pem' | 'pem_bundle' | 'der';
export type PrivateKeyFormat = 'der' | 'pkcs8';

/** Vault's unix seconds as ISO 8601 (UTC). */
export function unixSecondsToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * A serial number as Vault writes it (`1a:2b:...`, lowercase, colon-separated), from the colon,
 * hyphen (`LIST certs`) or plain hex (`X509Certificate.serialNumber`) form. Undefined when it is
 * not a serial number.
 */
export function normalizeSerial(serial: string): string | undefined {
  const s = serial.trim().toLowerCase();
  let hex: string;
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2})*$/.test(s)) hex = s.split(/[:-]/).map((b) => b.padStart(2, '0')).join('');
  else if (/^[0-9a-f]+$/.test(s)) hex = s.length % 2 === 0 ? s : `0${s}`;
  else return undefined;
  return hex.match(/../g)!.join(':');
}

function serialSegment(serial: string): string {
  const normal = normalizeSerial(serial);
  if (!normal) throw new VaultPathError('The serial number is not hex bytes', 'Give it as Vault writes it, e.g. 1a:2b:3c (colons, hyphens or none).');
  // Vault accepts either separator in the path; hyphens need no encoding.
  return normal.replace(/:/g, '-');
}

function leaseIdOf(leaseId: string | null | undefined): { leaseId?: string } {
  return leaseId ? { leaseId } : {};
}

const certificateData = {
  certificate: z.string().min(1),
  issuing_ca: z.string().nullish(),
  ca_chain: z.array(z.string()).nullish(),
  serial_number: z.string().min(1),
  expiration: z.number().int(),
};

function certificateFields(d: {
  certificate: string;
  issuing_ca?: string | null;
  ca_chain?: string[] | null;
  serial_number: string;
  expiration: number;
}) {
  return {
    certificate: d.certificate,
    issuingCa: d.issuing_ca ?? '',
    caChain: d.ca_chain ?? (d.issuing_ca ? [d.issuing_ca] : []),
    serialNumber: d.serial_number,
    expiration: unixSecondsToIso(d.expiration),
  };
}

export interface SignedCertificate {
  /** PEM (or base64 DER with format `der`); with `pem_bundle` it also holds the private key (issue) and the CA. */
  certificate: string;
  issuingCa: string;
  caChain: string[];
  serialNumber: string;
  /** notAfter, ISO 8601. */
  expiration: string;
  /** Present only when the role generates leases (`generate_lease`). */
  leaseId?: string;
}

export interface IssuedCertificate extends SignedCertificate {
  /** SECRET. */
  privateKey: string;
  privateKeyType: string;
}

const issueAnswer = z
  .object({
    lease_id: z.string().nullish(),
    data: z.object({ ...certificateData, private_key: z.string().min(1), private_key_type: z.string().min(1) }),
  })
  .transform(
    (a): IssuedCertificate => ({
      ...certificateFields(a.data),
      privateKey: a.data.private_key,
      privateKeyType: a.data.private_key_type,
      ...leaseIdOf(a.lease_id),
    }),
  );

const signAnswer = z
  .object({ lease_id: z.string().nullish(), data: z.object(certificateData) })
  .transform((a): SignedCertificate => ({ ...certificateFields(a.data), ...leaseIdOf(a.lease_id) }));

const revokeAnswer = z
  .object({ data: z.object({ revocation_time: z.number().int() }) })
  .transform((a) => ({ revocationTime: unixSecondsToIso(a.data.revocation_time) }));

const listAnswer = z.object({ data: z.object({ keys: z.array(z.string()).nullish() }).nullish() });

const certAnswer = z
  .object({
    data: z.object({
      certificate: z.string().min(1),
      revocation_time: z.number().int().nullish(),
    }),
  })
  .transform((a) => ({
    certificate: a.data.certificate,
    /** ISO 8601, or null when the certificate is not revoked (Vault answers 0). */
    revocationTime: a.data.revocation_time ? unixSecondsToIso(a.data.revocation_time) : null,
  }));

export interface IssueInput {
  role: string;
  commonName: string;
  altNames?: string[];
  ipSans?: string[];
  ttl?: string;
  format?: CertificateFormat;
  privateKeyFormat?: PrivateKeyFormat;
}

export interface SignInput {
  role: string;
  /** PEM. */
  csr: string;
  commonName?: string;
  altNames?: string[];
  ttl?: string;
}

/** What a PKI role decides, for its refusals. */
const PKI_ROLE_DECIDES =
  "The role decides which names (allowed_domains, allow_subdomains, allow_bare_domains, allow_glob_domains, allow_any_name, allow_ip_sans) and TTLs (max_ttl, the CA's own expiry) it accepts";

function commaList(items: string[] | undefined): string | undefined {
  return items && items.length > 0 ? items.join(',') : undefined;
}

export class PkiEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'pki',
  ) {}

  /** `POST <mount>/issue/:role`: a new key pair and certificate (mints: not retried once sent). */
  issue(input: IssueInput): Promise<IssuedCertificate> {
    return mintWithRole(this.vault, {
      mount: this.mount,
      endpoint: 'issue',
      role: input.role,
      body: {
        common_name: input.commonName,
        alt_names: commaList(input.altNames),
        ip_sans: commaList(input.ipSans),
        ttl: input.ttl,
        format: input.format,
        private_key_format: input.privateKeyFormat,
      },
      schema: issueAnswer,
      refusal: { engine: 'PKI', asked: 'issue this certificate', roleDecides: PKI_ROLE_DECIDES },
    });
  }

  /** `POST <mount>/sign/:role`: signs a CSR; the key never leaves its owner (a certificate for it is still access, like a token). */
  sign(input: SignInput): Promise<SignedCertificate> {
    return mintWithRole(this.vault, {
      mount: this.mount,
      endpoint: 'sign',
      role: input.role,
      body: { csr: input.csr, common_name: input.commonName, alt_names: commaList(input.altNames), ttl: input.ttl },
      schema: signAnswer,
      refusal: { engine: 'PKI', asked: 'sign this CSR', roleDecides: PKI_ROLE_DECIDES },
    });
  }

  /** `POST <mount>/revoke`. Revoking twice gives the first revocation time. */
  async revoke(serialNumber: string): Promise<{ revocationTime: string }> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'revoke'),
      body: { serial_number: serialSegment(serialNumber).replace(/-/g, ':') },
      schema: revokeAnswer,
      access: 'write',
      idempotent: true,
    });
    return res.body;
  }

  /**
   * `LIST <mount>/certs`: serial numbers (normalised to `1a:2b:...`), sorted; `[]` when the mount has
   * none (Vault answers that with `404 {"errors":[]}`). A path with no PKI engine is a 404 naming the
   * route: that `VaultError` (kind `not_found`) is thrown, so a wrong mount is never "no certificates".
   */
  async listCertificates(): Promise<string[]> {
    let keys: string[];
    try {
      const res = await this.vault.request({
        method: 'LIST',
        path: pathUnder(this.mount, 'certs'),
        schema: listAnswer,
        access: 'read',
        idempotent: true,
      });
      keys = res.body.data?.keys ?? [];
    } catch (e) {
      if (isVaultError(e) && e.kind === 'not_found' && e.errors.length === 0) return [];
      throw e;
    }
    return keys
      .map((k) => normalizeSerial(k))
      .filter((k): k is string => k !== undefined)
      .sort();
  }

  /** `GET <mount>/cert/:serial`: the certificate (PEM) and its revocation time, if revoked. */
  async readCertificate(serialNumber: string): Promise<{ certificate: string; revocationTime: string | null }> {
    const res = await this.vault.request({
      method: 'GET',
      path: pathUnder(this.mount, 'cert', serialSegment(serialNumber)),
      schema: certAnswer,
      access: 'read',
      idempotent: true,
    });
    return res.body;
  }
}

export interface CertificateFacts {
  serialNumber: string;
  commonName: string;
  /** ISO 8601. */
  notAfter: string;
  notBefore: string;
  subjectAltNames: string[];
}

/** What a PEM certificate says about itself (Node's X509Certificate); throws on a malformed one. */
export function describeCertificate(pem: string): CertificateFacts {
  const x509 = new X509Certificate(pem);
  const cn = /^CN=(.*)$/m.exec(x509.subject)?.[1] ?? '';
  return {
    serialNumber: normalizeSerial(x509.serialNumber) ?? x509.serialNumber.toLowerCase(),
    commonName: cn,
    notAfter: new Date(x509.validTo).toISOString(),
    notBefore: new Date(x509.validFrom).toISOString(),
    subjectAltNames: (x509.subjectAltName ?? '')
      .split(/,\s*/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  };
}

/** Vault's generateCreationBundle: the names, SANs and validity of a certificate, checked against a role. */
import { isIP } from 'node:net';
import forge from 'node-forge';
import { durationField } from '../../util/durations';
import type { ParsedCsr } from './csr';
import { listField, stringField } from './fields';
import { firstRefusedName, glob, isHostname, toAscii } from './names';
import type { PkiRole } from './roles';
import { rfc3339Nano } from '../../util/clock';
import type { Sans, SubjectFields } from './x509';

export interface BundleInput {
  role: PkiRole;
  body: Record<string, unknown>;
  csr?: ParsedCsr;
  displayName: string;
  nowMs: number;
  mountTtls: { defaultTtl: number; maxTtl: number };
  /** The signing CA's notAfter; undefined for a self-signed root. */
  caNotAfterMs?: number;
}

export interface Bundle {
  subject: SubjectFields;
  sans: Sans;
  notBefore: Date;
  notAfter: Date;
  warnings: string[];
}

const CN_REQUIRED = 'the common_name field is required, or must be provided in a CSR with "use_csr_common_name" set to true, unless "require_cn" is set to false';

/** Go's fmt %s of a []string: [a b c]. */
const goList = (items: string[]) => `[${items.join(' ')}]`;

/** A DNS name (IDNA-converted) or an email, as Vault sorts alt names and the CN into SANs. */
function addName(name: string, dns: string[], emails: string[]): string | undefined {
  if (name.includes('@')) {
    emails.push(name);
    return undefined;
  }
  const converted = toAscii(name);
  if (converted === undefined) return `idna: invalid label "${name}"`;
  if (isHostname(converted)) dns.push(converted);
  return undefined;
}

// Present in node-forge, missing from its type definitions.
const bytesFromIp = (ip: string): string | null => (forge.util as unknown as { bytesFromIP(ip: string): string | null }).bytesFromIP(ip);

function ipSans(input: BundleInput): Buffer[] | string {
  const { role, csr } = input;
  if (csr && role.use_csr_sans) {
    if (csr.ips.length > 0 && !role.allow_ip_sans) return 'IP Subject Alternative Names are not allowed in this role, but was provided some via CSR';
    return csr.ips;
  }
  const requested = listField(input.body, 'ip_sans') ?? [];
  if (requested.length === 0) return [];
  if (!role.allow_ip_sans) return `IP Subject Alternative Names are not allowed in this role, but was provided ${goList(requested)}`;
  const out: Buffer[] = [];
  for (const ip of requested) {
    const raw = isIP(ip) ? bytesFromIp(ip) : null;
    if (!raw) return `the value '${ip}' is not a valid IP address`;
    out.push(Buffer.from(raw, 'binary'));
  }
  return out;
}

function uriSans(input: BundleInput): string[] | string {
  const { role, csr } = input;
  const viaCsr = Boolean(csr && role.use_csr_sans);
  const requested = viaCsr ? csr!.uris : listField(input.body, 'uri_sans') ?? [];
  if (requested.length === 0) return [];
  const via = viaCsr ? 'CSR' : 'the API';
  if (role.allowed_uri_sans.length === 0) return `URI Subject Alternative Names are not allowed in this role, but were provided via ${via}`;
  for (const uri of requested) {
    // 1.8 says "via CSR" here whichever way the URI came
    if (!role.allowed_uri_sans.some((p) => glob(p, uri))) return 'URI Subject Alternative Names were provided via CSR which are not valid for this role';
  }
  return requested;
}

/** The TTL rules of 1.8's generateCreationBundle: request, role, mount default; capped silently at the max. */
function validity(input: BundleInput): { notAfterMs: number; warnings: string[] } | string {
  const { role, body } = input;
  let ttl = durationField(body, 'ttl') ?? 0;
  const notAfterText = stringField(body, 'not_after') ?? '';
  if (ttl > 0 && notAfterText) return 'Either ttl or not_after should be provided. Both should not be provided in the same request.';
  if (ttl === 0 && role.ttl > 0) ttl = role.ttl;
  const maxTtl = role.max_ttl > 0 ? role.max_ttl : input.mountTtls.maxTtl;
  if (ttl === 0) ttl = input.mountTtls.defaultTtl;
  const warnings: string[] = [];
  if (ttl > maxTtl) ttl = maxTtl;
  let notAfterMs = input.nowMs + ttl * 1000;
  if (notAfterText) {
    notAfterMs = Date.parse(notAfterText);
    if (Number.isNaN(notAfterMs)) return `parsing time "${notAfterText}" as "2006-01-02T15:04:05Z07:00": cannot parse "${notAfterText}" as "2006"`;
  }
  if (input.caNotAfterMs !== undefined && notAfterMs > input.caNotAfterMs) {
    return `cannot satisfy request, as TTL would result in notAfter ${rfc3339Nano(notAfterMs)} that is beyond the expiration of the CA certificate at ${rfc3339Nano(input.caNotAfterMs)}`;
  }
  return { notAfterMs, warnings };
}

export function creationBundle(input: BundleInput): Bundle | string {
  const { role, body, csr } = input;
  let cn = csr && role.use_csr_common_name ? csr.commonName : '';
  if (cn === '') {
    cn = stringField(body, 'common_name') ?? '';
    if (cn === '' && role.require_cn) return CN_REQUIRED;
  }
  const subjectSerial = stringField(body, 'serial_number') || csr?.subjectSerial || '';
  const dns: string[] = [];
  const emails: string[] = [];
  if (csr && role.use_csr_sans) {
    dns.push(...csr.dns);
    emails.push(...csr.emails);
  }
  const excludeCn = body.exclude_cn_from_sans === true || body.exclude_cn_from_sans === 'true';
  if (cn !== '' && !excludeCn) {
    const err = addName(cn, dns, emails);
    if (err) return err;
  }
  if (!csr || !role.use_csr_sans) {
    for (const alt of [...new Set(listField(body, 'alt_names') ?? [])].sort()) {
      const err = addName(alt, dns, emails);
      if (err) return err;
    }
  }
  if (cn !== '' && firstRefusedName(role, [cn], input.displayName) !== undefined) return `common name ${cn} not allowed by this role`;
  if (subjectSerial !== '' && !role.allowed_serial_numbers.some((p) => p !== '' && (p === subjectSerial || (p.includes('*') && glob(p, subjectSerial))))) {
    return `serial_number ${subjectSerial} not allowed by this role`;
  }
  const badDns = firstRefusedName(role, dns, input.displayName);
  if (badDns !== undefined) return `subject alternate name ${badDns} not allowed by this role`;
  const badEmail = firstRefusedName(role, emails, input.displayName);
  if (badEmail !== undefined) return `email address ${badEmail} not allowed by this role`;
  const ips = ipSans(input);
  if (typeof ips === 'string') return ips;
  const uris = uriSans(input);
  if (typeof uris === 'string') return uris;
  const time = validity(input);
  if (typeof time === 'string') return time;
  return {
    subject: {
      commonName: cn,
      serialNumber: subjectSerial,
      country: role.country,
      province: role.province,
      locality: role.locality,
      streetAddress: role.street_address,
      postalCode: role.postal_code,
      organization: role.organization,
      ou: role.ou,
    },
    sans: { dns: [...new Set(dns)].sort(), emails: [...new Set(emails)].sort(), ips, uris },
    notBefore: new Date(input.nowMs - role.not_before_duration * 1000),
    notAfter: new Date(time.notAfterMs),
    warnings: time.warnings,
  };
}

/** The `data` of issue/sign/root-generate answers in the formats Vault offers (path_issue_sign.go signIssueApiResponse). */
import type { KeyObject } from 'node:crypto';
import { pem } from './der';
import { exportPrivateKey } from './keys';

export type Format = 'pem' | 'pem_bundle' | 'der';

export const FORMAT_ERROR = 'the "format" path parameter must be "pem", "der", or "pem_bundle"';

/** The requested format, or undefined when it is not one Vault knows. */
export function formatOf(body: Record<string, unknown>): Format | undefined {
  const f = body.format === undefined || body.format === '' ? 'pem' : String(body.format);
  return f === 'pem' || f === 'pem_bundle' || f === 'der' ? f : undefined;
}

export interface CertOutput {
  der: Buffer;
  serial: string;
  notAfterMs: number;
  caDer: Buffer;
  privateKey?: KeyObject;
}

/**
 * Vault 1.8: `ca_chain` only when the CA has a chain, which a self-signed root has not (GetCAChain),
 * so the dev server's single-root mounts never answer one; pem_bundle is the key then the certificate.
 */
export function certData(out: CertOutput, format: Format, privateKeyFormat: string, chain = false): Record<string, unknown> {
  const der = format === 'der';
  const enc = (b: Buffer) => (der ? b.toString('base64') : pem('CERTIFICATE', b));
  const data: Record<string, unknown> = {
    expiration: Math.floor(out.notAfterMs / 1000),
    serial_number: out.serial,
    certificate: enc(out.der),
    issuing_ca: enc(out.caDer),
  };
  if (chain) data.ca_chain = [enc(out.caDer)];
  if (out.privateKey) {
    data.private_key = exportPrivateKey(out.privateKey, privateKeyFormat === 'pkcs8', der);
    data.private_key_type = out.privateKey.asymmetricKeyType;
  }
  // certutil CertBundle.ToPEMBundle: key, certificate, then the chain.
  if (format === 'pem_bundle') {
    data.certificate = [data.private_key, data.certificate, ...(chain ? [data.issuing_ca] : [])].filter(Boolean).join('\n');
  }
  return data;
}

/** An OpenSSH certificate (PROTOCOL.certkeys, `*-cert-v01@openssh.com`), built and signed by the CA. */
import { randomBytes } from 'node:crypto';
import { sshSign, type CaKey } from './ca-key';
import { publicBlob, type SshPublicKey } from './public-key';
import { packOptions, WireWriter } from './wire';

export const USER_CERT = 1;
export const HOST_CERT = 2;

export interface CertificateSpec {
  key: SshPublicKey;
  serial: bigint;
  certType: typeof USER_CERT | typeof HOST_CERT;
  keyId: string;
  principals: string[];
  /** Unix seconds. */
  validAfter: number;
  validBefore: number;
  criticalOptions: Record<string, string>;
  extensions: Record<string, string>;
}

/** The certificate's wire blob, signed with `algorithm` ('' = the CA key's default). Throws when the CA key cannot sign with it. */
export function signCertificate(spec: CertificateSpec, ca: CaKey, algorithm: string): { type: string; blob: Buffer } {
  const type = `${spec.key.type}-cert-v01@openssh.com`;
  const principals = new WireWriter();
  for (const p of spec.principals) principals.string(p);
  const body = new WireWriter()
    .string(type)
    .string(randomBytes(32))
    .raw(spec.key.fields)
    .uint64(spec.serial)
    .uint32(spec.certType)
    .string(spec.keyId)
    .string(principals.toBuffer())
    .uint64(BigInt(spec.validAfter))
    .uint64(BigInt(spec.validBefore))
    .string(packOptions(spec.criticalOptions))
    .string(packOptions(spec.extensions))
    .string(Buffer.alloc(0))
    .string(publicBlob(ca.publicKey))
    .toBuffer();
  const signature = sshSign(ca, algorithm, body);
  return { type, blob: Buffer.concat([body, new WireWriter().string(signature).toBuffer()]) };
}

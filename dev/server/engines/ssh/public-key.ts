/**
 * OpenSSH public keys as x/crypto/ssh reads them (vault's parsePublicSSHKey + ssh.ParsePublicKey):
 * `type base64 [comment]` or the bare base64, decoded with Go's strict base64 and parsed field by
 * field. Each key is kept re-encoded in canonical form, which is what a certificate embeds.
 */
import { goBase64Decode } from '../../util/go-base64';
import { WireError, WireReader, WireWriter } from './wire';

export type KeyKind = 'rsa' | 'dsa' | 'ecdsa' | 'ed25519';

export interface SshPublicKey {
  /** The key's algorithm name: `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256`... */
  type: string;
  kind: KeyKind;
  /** RSA modulus, DSA p or the curve's size in bits (256 for ed25519). */
  bits: number;
  /** The fields after the algorithm name, canonical (what a certificate carries after its nonce). */
  fields: Buffer;
}

export const CURVES: Record<string, { id: string; bits: number; jwk: string; hash: string }> = {
  'ecdsa-sha2-nistp256': { id: 'nistp256', bits: 256, jwk: 'P-256', hash: 'sha256' },
  'ecdsa-sha2-nistp384': { id: 'nistp384', bits: 384, jwk: 'P-384', hash: 'sha384' },
  'ecdsa-sha2-nistp521': { id: 'nistp521', bits: 521, jwk: 'P-521', hash: 'sha512' },
};

/** The key in wire form: `string type || fields`. */
export function publicBlob(key: SshPublicKey): Buffer {
  return Buffer.concat([new WireWriter().string(key.type).toBuffer(), key.fields]);
}

/** `type base64\n`, as ssh.MarshalAuthorizedKey writes it. */
export function authorizedKey(type: string, blob: Buffer): string {
  return `${type} ${blob.toString('base64')}\n`;
}

function bitLength(magnitude: Buffer): number {
  if (magnitude.length === 0) return 0;
  return (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0]));
}

function rsaKey(e: Buffer, n: Buffer): SshPublicKey {
  if (bitLength(e) > 24) throw new WireError('ssh: exponent too large');
  const exponent = e.length === 0 ? 0 : e.readUIntBE(0, e.length);
  if (exponent < 3 || exponent % 2 === 0) throw new WireError('ssh: incorrect exponent');
  return { type: 'ssh-rsa', kind: 'rsa', bits: bitLength(n), fields: new WireWriter().mpint(e).mpint(n).toBuffer() };
}

/** ssh.ParsePublicKey: the wire blob of a key (certificates are not accepted here). */
export function parsePublicBlob(blob: Buffer): SshPublicKey {
  const r = new WireReader(blob);
  const type = r.text();
  let key: SshPublicKey;
  switch (type) {
    case 'ssh-rsa': {
      const e = r.mpint();
      key = rsaKey(e, r.mpint());
      break;
    }
    case 'ssh-dss': {
      const [p, q, g, y] = [r.mpint(), r.mpint(), r.mpint(), r.mpint()];
      key = { type, kind: 'dsa', bits: bitLength(p), fields: new WireWriter().mpint(p).mpint(q).mpint(g).mpint(y).toBuffer() };
      break;
    }
    case 'ssh-ed25519': {
      const pk = r.string();
      if (pk.length !== 32) throw new WireError(`invalid size ${pk.length} for Ed25519 public key`);
      key = { type, kind: 'ed25519', bits: 256, fields: new WireWriter().string(pk).toBuffer() };
      break;
    }
    default: {
      const curve = CURVES[type];
      if (!curve) throw new WireError(`ssh: unknown key algorithm: ${type}`);
      if (r.text() !== curve.id) throw new WireError('ssh: unsupported curve');
      const point = r.string();
      const size = Math.ceil(curve.bits / 8);
      if (point.length !== 1 + 2 * size || point[0] !== 4) throw new WireError('ssh: invalid curve point');
      key = { type, kind: 'ecdsa', bits: curve.bits, fields: new WireWriter().string(curve.id).string(point).toBuffer() };
    }
  }
  if (!r.done) throw new WireError('ssh: trailing junk in public key');
  return key;
}

/** Vault's parsePublicSSHKey: the text after the first space (when there is one), Go base64, then the blob. Throws the error text Vault shows. */
export function parsePublicSshKey(text: string): SshPublicKey {
  const parts = text.split(' ');
  const encoded = parts.length > 1 ? parts[1] : text;
  const blob = goBase64Decode(encoded);
  if (typeof blob === 'string') throw new WireError(blob);
  return parsePublicBlob(blob);
}

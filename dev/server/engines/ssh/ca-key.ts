/**
 * The CA's signing key: read from the PEM a client sends to `config/ca` (what ssh.ParsePrivateKey
 * accepts: PKCS#1, PKCS#8, SEC1 and unencrypted `OPENSSH PRIVATE KEY`), or generated, and used to
 * sign with an SSH signature algorithm. Never returned by any endpoint.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { CURVES, parsePublicBlob, publicBlob, type SshPublicKey } from './public-key';
import { WireError, WireReader, WireWriter } from './wire';
import { pemBlocks, pemBytes } from '../../util/pem';

const generate = promisify(generateKeyPair);

export interface CaKey {
  privateKey: KeyObject;
  /** The CA's public key as certificates name it (`signature key`). */
  publicKey: SshPublicKey;
}

const b64url = (b: Buffer) => b.toString('base64url');
const fromB64url = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');

/** The SSH public key of a node:crypto key (RSA, Ed25519, ECDSA P-256/384/521). */
function sshPublicOf(key: KeyObject): SshPublicKey {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const w = new WireWriter();
  if (jwk.kty === 'RSA') w.string('ssh-rsa').mpint(fromB64url(jwk.e)).mpint(fromB64url(jwk.n));
  else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') w.string('ssh-ed25519').string(fromB64url(jwk.x));
  else {
    const type = Object.keys(CURVES).find((t) => CURVES[t].jwk === jwk.crv);
    if (!type) throw new WireError(`ssh: unsupported key type ${jwk.kty}`);
    const point = Buffer.concat([Buffer.from([4]), fromB64url(jwk.x), fromB64url(jwk.y)]);
    w.string(type).string(CURVES[type].id).string(point);
  }
  return parsePublicBlob(w.toBuffer());
}

function bigOf(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

function bufOf(n: bigint, size: number): Buffer {
  return Buffer.from(n.toString(16).padStart(size * 2, '0'), 'hex');
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** PROTOCOL.key: an unencrypted `openssh-key-v1` container with one key, as a node:crypto key. */
function parseOpenSshPrivateKey(der: Buffer): KeyObject {
  if (!der.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) throw new WireError('ssh: invalid openssh private key format');
  const r = new WireReader(der.subarray(OPENSSH_MAGIC.length));
  const cipher = r.text();
  r.text(); // kdf name
  r.string(); // kdf options
  if (r.uint32() !== 1) throw new WireError('ssh: multi-key files are not supported');
  r.string(); // public key
  if (cipher !== 'none') throw new WireError('ssh: this private key is passphrase protected');
  const p = new WireReader(r.string());
  if (p.uint32() !== p.uint32()) throw new WireError('ssh: checkint mismatch');
  const type = p.text();
  if (type === 'ssh-ed25519') {
    const pub = p.string();
    const priv = p.string();
    return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pub), d: b64url(priv.subarray(0, 32)) }, format: 'jwk' });
  }
  if (type === 'ssh-rsa') {
    const [n, e, d, iqmp, pp, q] = [p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint()];
    const dBig = bigOf(d);
    const key = {
      kty: 'RSA', n: b64url(n), e: b64url(e), d: b64url(d), p: b64url(pp), q: b64url(q), qi: b64url(iqmp),
      dp: b64url(bufOf(dBig % (bigOf(pp) - 1n), pp.length)), dq: b64url(bufOf(dBig % (bigOf(q) - 1n), q.length)),
    };
    return createPrivateKey({ key, format: 'jwk' });
  }
  const curve = CURVES[type];
  if (!curve) throw new WireError(`ssh: unhandled key type "${type}"`);
  p.text();
  const point = p.string();
  const size = Math.ceil(curve.bits / 8);
  const d = bufOf(bigOf(p.mpint()), size);
  const key = { kty: 'EC', crv: curve.jwk, x: b64url(point.subarray(1, 1 + size)), y: b64url(point.subarray(1 + size)), d: b64url(d) };
  return createPrivateKey({ key, format: 'jwk' });
}


/** ssh.ParsePrivateKey: the CA key of a PEM, or a WireError with the reason Vault would give. */
export function parseCaPrivateKey(pem: string): CaKey {
  const block = pemBlocks(pem).find((b) => b.body.startsWith('\n') || b.body.startsWith('\r\n'));
  if (!block) throw new WireError('ssh: no key found');
  const { label, body } = block;
  if (/Proc-Type:\s*4,ENCRYPTED/.test(body)) throw new WireError('ssh: this private key is passphrase protected');
  let key: KeyObject;
  try {
    switch (label) {
      case 'RSA PRIVATE KEY':
      case 'PRIVATE KEY':
      case 'EC PRIVATE KEY':
        key = createPrivateKey({ key: `-----BEGIN ${label}-----${body}-----END ${label}-----`, format: 'pem' });
        break;
      case 'OPENSSH PRIVATE KEY':
        key = parseOpenSshPrivateKey(pemBytes(block));
        break;
      default:
        throw new WireError(`ssh: unsupported key type "${label}"`);
    }
  } catch (e) {
    if (e instanceof WireError) throw e;
    throw new WireError('asn1: structure error: the key could not be parsed');
  }
  return { privateKey: key, publicKey: sshPublicOf(key) };
}

/**
 * A new CA key. Vault 1.8 always makes RSA 4096 (`ssh-rsa`); the `key_type`/`key_bits` of Vault
 * 1.10+ are accepted too (`ssh-rsa`|`rsa`, `ecdsa-sha2-nistp*`|`ec`, `ssh-ed25519`|`ed25519`).
 * Returns the key, or the Go error text (a 500 in Vault).
 */
export async function generateCaKey(keyType: string, keyBits: number): Promise<CaKey | string> {
  let key: KeyObject;
  switch (keyType) {
    case 'ssh-rsa':
    case 'rsa': {
      const bits = keyBits || 4096;
      if (bits < 2048) return `refusing to generate weak ${keyType} key: ${bits} bits < 2048 bits`;
      key = (await generate('rsa', { modulusLength: bits })).privateKey;
      break;
    }
    case 'ssh-ed25519':
    case 'ed25519':
      key = (await generate('ed25519')).privateKey;
      break;
    default: {
      const named = CURVES[keyType];
      const byBits: Record<number, string> = { 0: 'P-256', 256: 'P-256', 384: 'P-384', 521: 'P-521' };
      const curve = named ? named.jwk : keyType === 'ec' ? byBits[keyBits] : undefined;
      if (!curve) return keyType === 'ec' ? `unknown ECDSA key pair algorithm: ${keyType}` : `unknown ssh key pair algorithm: ${keyType}`;
      key = (await generate('ec', { namedCurve: curve })).privateKey;
    }
  }
  return { privateKey: key, publicKey: sshPublicOf(key) };
}

const RSA_HASHES: Record<string, string> = { 'ssh-rsa': 'sha1', 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512' };

/**
 * An SSH signature blob (`string algorithm, string signature`) over `data`. `algorithm` '' is the
 * key's own default (ssh-rsa, i.e. SHA-1, for RSA, as in Vault 1.8); an RSA algorithm on a non-RSA
 * key is refused as x/crypto/ssh refuses it.
 */
export function sshSign(ca: CaKey, algorithm: string, data: Buffer): Buffer {
  const { kind, type } = ca.publicKey;
  const w = new WireWriter();
  if (kind === 'rsa') {
    const alg = algorithm || 'ssh-rsa';
    const hash = RSA_HASHES[alg];
    if (!hash) throw new WireError(`ssh: unsupported signature algorithm ${alg}`);
    return w.string(alg).string(sign(hash, data, ca.privateKey)).toBuffer();
  }
  if (algorithm && algorithm !== type) throw new WireError(`ssh: unsupported signature algorithm ${algorithm}`);
  if (kind === 'ed25519') return w.string(type).string(sign(null, data, ca.privateKey)).toBuffer();
  const curve = CURVES[type];
  const rs = sign(curve.hash, data, { key: ca.privateKey, dsaEncoding: 'ieee-p1363' });
  const half = rs.length / 2;
  const inner = new WireWriter().mpint(rs.subarray(0, half)).mpint(rs.subarray(half)).toBuffer();
  return w.string(type).string(inner).toBuffer();
}

export { publicBlob };

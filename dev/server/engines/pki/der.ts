/** Small DER helpers on top of node-forge's asn1 module (forge's X.509 layer only knows RSA keys). */
import forge from 'node-forge';
import { pemBlocks, pemBytes } from '../../util/pem';

export type Node = forge.asn1.Asn1;

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

const bin = (b: Buffer): string => b.toString('binary');

export const seq = (...items: Node[]): Node => asn1.create(U, T.SEQUENCE, true, items);
export const set = (...items: Node[]): Node => asn1.create(U, T.SET, true, items);
export const oid = (dotted: string): Node => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
export const bool = (v: boolean): Node => asn1.create(U, T.BOOLEAN, false, v ? '\xff' : '\x00');
export const nul = (): Node => asn1.create(U, T.NULL, false, '');
export const octets = (b: Buffer): Node => asn1.create(U, T.OCTETSTRING, false, bin(b));
export const ia5 = (s: string): Node => asn1.create(U, T.IA5STRING, false, s);
export const explicit = (tag: number, inner: Node): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [inner]);
export const implicitPrimitive = (tag: number, bytes: string): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, bytes);
export const implicitConstructed = (tag: number, items: Node[]): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, items);

/** BIT STRING with `unused` padding bits in the last byte. */
export const bits = (b: Buffer, unused = 0): Node => asn1.create(U, T.BITSTRING, false, String.fromCharCode(unused) + bin(b));

/** A non-negative INTEGER from big-endian magnitude bytes (DER needs a 0x00 when the top bit is set). */
export function uint(magnitude: Buffer): Node {
  let m = magnitude;
  while (m.length > 1 && m[0] === 0) m = m.subarray(1);
  if (m.length === 0) m = Buffer.from([0]);
  if (m[0] & 0x80) m = Buffer.concat([Buffer.from([0]), m]);
  return asn1.create(U, T.INTEGER, false, bin(m));
}

export function smallInt(n: number): Node {
  const hex = n.toString(16);
  return uint(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
export function time(d: Date): Node {
  return d.getUTCFullYear() >= 2050
    ? asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d))
    : asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(d));
}

export const toDer = (node: Node): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
export const fromDer = (der: Buffer): Node => asn1.fromDer(forge.util.createBuffer(bin(der)));
export const children = (node: Node): Node[] => (Array.isArray(node.value) ? (node.value as Node[]) : []);
export const bytesOf = (node: Node): Buffer => Buffer.from(node.value as string, 'binary');
export const oidOf = (node: Node): string => asn1.derToOid(forge.util.createBuffer(node.value as string));

export function pem(type: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----`;
}

/** The DER of the first PEM block of `type` (any type when omitted), or undefined. */
export function pemDecode(text: string, type?: string): Buffer | undefined {
  const block = pemBlocks(text).find((b) => !type || b.label === type);
  return block && pemBytes(block);
}

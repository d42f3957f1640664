/** PKCS#10 requests, parsed with forge's asn1 and verified with node:crypto (forge's CSR layer is RSA only). */
import { createPublicKey, verify } from 'node:crypto';
import forge from 'node-forge';
import { bytesOf, children, fromDer, oidOf, pemDecode, toDer, type Node } from './der';

export interface ParsedCsr {
  /** The subject Name as DER, for sign-verbatim (which keeps the whole subject). */
  subjectDer: Buffer;
  commonName: string;
  subjectSerial: string;
  spki: Buffer;
  dns: string[];
  emails: string[];
  ips: Buffer[];
  uris: string[];
  signatureValid: boolean;
}

const HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

function text(node: Node): string {
  const raw = node.value as string;
  return node.type === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(raw) : raw;
}

function subjectAttribute(subject: Node, id: string): string {
  for (const rdn of children(subject)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (type && value && oidOf(type) === id) return text(value);
    }
  }
  return '';
}

function subjectAltNames(attributes: Node | undefined, out: ParsedCsr): void {
  for (const attr of children(attributes ?? ({ value: [] } as unknown as Node))) {
    const [type, values] = children(attr);
    if (!type || oidOf(type) !== '1.2.840.113549.1.9.14') continue;
    for (const ext of children(children(values)[0])) {
      const parts = children(ext);
      if (oidOf(parts[0]) !== '2.5.29.17') continue;
      const names = fromDer(bytesOf(parts[parts.length - 1]));
      for (const gn of children(names)) {
        const raw = gn.value as string;
        if (gn.type === 2) out.dns.push(raw);
        else if (gn.type === 1) out.emails.push(raw);
        else if (gn.type === 6) out.uris.push(raw);
        else if (gn.type === 7) out.ips.push(Buffer.from(raw, 'binary'));
      }
    }
  }
}

/** The request, or a message as Vault words it ("csr contains no data", "certificate request could not be parsed: ..."). */
export function parseCsr(pemText: string): ParsedCsr | string {
  const der = pemDecode(pemText);
  if (!der) return 'csr contains no data';
  try {
    const [info, algorithm, signature] = children(fromDer(der));
    const [, subject, spkiNode, attributes] = children(info);
    const spki = toDer(spkiNode);
    const out: ParsedCsr = {
      subjectDer: toDer(subject),
      commonName: subjectAttribute(subject, '2.5.4.3'),
      subjectSerial: subjectAttribute(subject, '2.5.4.5'),
      spki,
      dns: [],
      emails: [],
      ips: [],
      uris: [],
      signatureValid: false,
    };
    subjectAltNames(attributes, out);
    const hash = HASHES[oidOf(children(algorithm)[0])];
    const sig = bytesOf(signature).subarray(1);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    out.signatureValid = hash !== undefined && verify(hash, toDer(info), key, sig);
    return out;
  } catch (e) {
    return `certificate request could not be parsed: ${(e as Error).message}`;
  }
}

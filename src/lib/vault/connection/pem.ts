/**
 * PEM blocks as people paste them: browsers turn the line breaks of a one-line input into spaces,
 * some tools write literal `\n`, Windows writes CRLF. Each block is rebuilt from its header, its
 * base64 body (white space removed, wrapped at 64 columns) and its footer.
 */

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  /** `CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY`, ... */
  label: string;
  /** The block rebuilt in the standard layout, ending with a newline. */
  pem: string;
  /** Legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED` headers). */
  encrypted: boolean;
}

/** Every PEM block in the text, rebuilt; [] when there is none. */
export function pemBlocks(text: string): PemBlock[] {
  const unescaped = text.replace(/\\n/g, '\n').replace(/\\r/g, '');
  const blocks: PemBlock[] = [];
  for (const match of unescaped.matchAll(BLOCK)) {
    const label = match[1];
    const inner = match[2];
    const encrypted = /Proc-Type:\s*4,ENCRYPTED/i.test(inner);
    // Legacy headers ("Name: value") sit before the base64; they are kept only to be refused.
    const body = encrypted ? inner : inner.replace(/\s+/g, '');
    const lines = encrypted ? [inner.trim()] : (body.match(/.{1,64}/g) ?? []);
    blocks.push({ label, pem: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`, encrypted });
  }
  return blocks;
}

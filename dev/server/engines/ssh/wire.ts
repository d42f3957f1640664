/**
 * The SSH wire encoding (RFC 4251 section 5): uint32, uint64, string, mpint, name-lists. Readers
 * fail with Go's x/crypto/ssh texts (`ssh: short read`) so a malformed key answers as Vault would.
 */

export class WireError extends Error {}

const SHORT_READ = 'ssh: short read';

/** Builds a buffer of SSH wire fields. */
export class WireWriter {
  private readonly parts: Buffer[] = [];

  uint32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    this.parts.push(b);
    return this;
  }

  uint64(n: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt.asUintN(64, n));
    this.parts.push(b);
    return this;
  }

  string(value: Buffer | string): this {
    const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.uint32(b.length);
    this.parts.push(b);
    return this;
  }

  /** A positive big-endian integer (leading zeros dropped, a 0x00 added when the top bit is set). */
  mpint(magnitude: Buffer): this {
    let i = 0;
    while (i < magnitude.length && magnitude[i] === 0) i++;
    const trimmed = magnitude.subarray(i);
    return this.string(trimmed.length > 0 && trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
  }

  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads SSH wire fields from a buffer; every read past the end is `ssh: short read`. */
export class WireReader {
  private at = 0;

  constructor(private readonly buf: Buffer) {}

  private take(n: number): Buffer {
    if (n < 0 || this.at + n > this.buf.length) throw new WireError(SHORT_READ);
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  uint32(): number {
    return this.take(4).readUInt32BE();
  }

  uint64(): bigint {
    return this.take(8).readBigUInt64BE();
  }

  string(): Buffer {
    return this.take(this.uint32());
  }

  text(): string {
    return this.string().toString('utf8');
  }

  /** An mpint's magnitude (sign byte dropped); negative values are refused like Go's parseRSA does. */
  mpint(): Buffer {
    const b = this.string();
    if (b.length > 0 && b[0] & 0x80) throw new WireError('ssh: negative mpint');
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    return b.subarray(i);
  }

  rest(): Buffer {
    return this.take(this.buf.length - this.at);
  }

  get done(): boolean {
    return this.at === this.buf.length;
  }
}

/** Name/value pairs (critical options, extensions) as PROTOCOL.certkeys packs them: sorted by name, a non-empty value wrapped in a string. */
export function packOptions(options: Record<string, string>): Buffer {
  const w = new WireWriter();
  for (const name of Object.keys(options).sort()) {
    w.string(name);
    const value = options[name];
    w.string(value === '' ? Buffer.alloc(0) : new WireWriter().string(value).toBuffer());
  }
  return w.toBuffer();
}

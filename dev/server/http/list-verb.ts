import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * Node's HTTP parser rejects methods it does not know, and Vault's `LIST` is one of them. Every
 * connection goes through this wrapper, which follows the HTTP/1.1 framing (heads, Content-Length
 * and chunked bodies) and rewrites a request line with any other verb than Node's usual ones to
 * `GET` plus `X-Dev-Server-Method: <verb>`. Raw non-ASCII bytes in the request target, which Go
 * accepts and Node does not, are percent-encoded on the way.
 */
export const LIST_MARKER_HEADER = 'x-dev-server-method';

const NODE_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const MAX_HEAD = 64 * 1024;

type State = { k: 'head' } | { k: 'body'; left: number } | { k: 'size' } | { k: 'data'; left: number } | { k: 'trailer' } | { k: 'raw' };

export class RequestFramer {
  private state: State = { k: 'head' };
  private pending: Buffer = Buffer.alloc(0);

  /** Bytes in, bytes for the HTTP parser out. */
  push(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (buf.length) {
      const s = this.state;
      if (s.k === 'raw') {
        out.push(buf);
        break;
      }
      if (s.k === 'body' || s.k === 'data') {
        const n = Math.min(s.left, buf.length);
        out.push(buf.subarray(0, n));
        buf = buf.subarray(n);
        s.left -= n;
        if (s.left === 0) this.state = s.k === 'body' ? { k: 'head' } : { k: 'size' };
        continue;
      }
      if (s.k === 'head') {
        // Stray CRLFs between requests are allowed.
        let start = 0;
        while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
        const end = buf.indexOf(CRLF2, start);
        if (end === -1) {
          if (buf.length > MAX_HEAD) {
            this.state = { k: 'raw' };
            continue;
          }
          this.pending = buf;
          break;
        }
        const head = buf.subarray(start, end + 4).toString('latin1');
        buf = buf.subarray(end + 4);
        out.push(Buffer.from(this.rewriteHead(head), 'latin1'));
        continue;
      }
      // chunked: size line, or the CRLF after a data chunk, or the trailer
      const eol = buf.indexOf(CRLF);
      if (eol === -1) {
        this.pending = buf;
        break;
      }
      const line = buf.subarray(0, eol + 2);
      out.push(line);
      buf = buf.subarray(eol + 2);
      if (s.k === 'trailer') {
        if (eol === 0) this.state = { k: 'head' };
        continue;
      }
      if (eol === 0) continue; // CRLF closing a data chunk
      const size = parseInt(line.toString('latin1').split(';')[0].trim(), 16);
      if (Number.isNaN(size)) this.state = { k: 'raw' };
      else this.state = size === 0 ? { k: 'trailer' } : { k: 'data', left: size };
    }
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }

  private rewriteHead(head: string): string {
    let text = head;
    const firstEol = text.indexOf('\r\n');
    const line = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (.*)$/.exec(text.slice(0, firstEol));
    if (line) {
      const target = line[2].replace(/[\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      const verb = line[1];
      const rest = text.slice(firstEol);
      text = NODE_METHODS.has(verb) ? `${verb} ${target}${rest}` : `GET ${target}\r\n${LIST_MARKER_HEADER}: ${verb}${rest}`;
    }
    const lower = text.toLowerCase();
    if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) this.state = { k: 'size' };
    else {
      const m = /\r\ncontent-length:\s*(\d+)/.exec(lower);
      const len = m ? Number(m[1]) : 0;
      this.state = len > 0 ? { k: 'body', left: len } : { k: 'head' };
    }
    if (/^[a-z-]+ [^\r]* http\/1\.1\r\n/.test(lower) && /\r\nupgrade:/.test(lower)) this.state = { k: 'raw' };
    return text;
  }
}

/** A socket look-alike the HTTP server reads rewritten bytes from and writes answers through. */
export class FramedSocket extends Duplex {
  private readonly framer = new RequestFramer();

  constructor(readonly inner: Socket) {
    super({ allowHalfOpen: true });
    inner.on('data', (c: Buffer) => {
      const out = this.framer.push(c);
      if (out.length && !this.push(out)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('close', () => this.destroy());
    inner.on('error', (e) => this.destroy(e));
    inner.on('timeout', () => this.emit('timeout'));
    inner.on('drain', () => this.emit('drain'));
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.inner.destroyed) return cb();
    this.inner.write(chunk, encoding, () => cb());
  }

  override _final(cb: () => void): void {
    this.inner.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inner.destroy();
    cb(err);
  }

  setTimeout(ms: number, cb?: () => void): this {
    this.inner.setTimeout(ms);
    if (cb) this.once('timeout', cb);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.inner.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.inner.setKeepAlive(enable, delay);
    return this;
  }

  get remoteAddress(): string | undefined {
    return this.inner.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.inner.remotePort;
  }

  get encrypted(): boolean {
    return 'encrypted' in this.inner;
  }
}

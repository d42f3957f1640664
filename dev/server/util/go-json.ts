/**
 * The error Go's encoding/json gives for bytes that are not JSON (its scanner's texts:
 * `invalid character 'i' looking for beginning of value`, `unexpected end of JSON input`...),
 * for answers that quote it (JWT headers and claims). Linear, no recursion: an explicit stack.
 */

/** encoding/json quoteChar: the byte as Go prints it between single quotes. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return '\'"\'';
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // a byte above 0x7f is read as the rune U+00XX; the unprintable ones are escaped
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

type Ctx = 'object-key' | 'object-value' | 'array';

type Next = 'value' | 'key' | 'after';

/** Go's error text for `bytes`, or undefined when they are one valid JSON value. */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  const n = bytes.length;
  const stack: Ctx[] = [];
  let i = 0;
  const bad = (context: string) => `invalid character ${quoteChar(bytes[i])} ${context}`;
  const END = 'unexpected end of JSON input';
  const skip = () => {
    while (i < n && isSpace(bytes[i])) i++;
  };
  const str = (): string => {
    i++;
    for (;;) {
      if (i >= n) return END;
      const c = bytes[i];
      if (c === 0x22) {
        i++;
        return '';
      }
      if (c < 0x20) return bad('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= n) return END;
        const e = bytes[i];
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= n) return END;
            if (!isHex(bytes[i])) return bad('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) return bad('in string escape code');
      }
      i++;
    }
  };
  const num = (): string => {
    if (bytes[i] === 0x2d) {
      i++;
      if (i >= n) return END;
      if (!isDigit(bytes[i])) return bad('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else while (i < n && isDigit(bytes[i])) i++;
    if (i < n && bytes[i] === 0x2e) {
      i++;
      if (i >= n) return END;
      if (!isDigit(bytes[i])) return bad('after decimal point in numeric literal');
      while (i < n && isDigit(bytes[i])) i++;
    }
    if (i < n && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      i++;
      if (i < n && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
      if (i >= n) return END;
      if (!isDigit(bytes[i])) return bad('in exponent of numeric literal');
      while (i < n && isDigit(bytes[i])) i++;
    }
    return '';
  };
  /** Starts a value: a scalar is read whole ('after'), a container is opened (its first key or element next). */
  const startValue = (): Next | { error: string } => {
    skip();
    if (i >= n) return { error: END };
    const c = bytes[i];
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      i++;
      skip();
      if (i >= n) return { error: END };
      if (bytes[i] === close) {
        i++;
        return 'after';
      }
      if (c === 0x5b) {
        stack.push('array');
        return 'value';
      }
      if (bytes[i] !== 0x22) return { error: bad('looking for beginning of object key string') };
      stack.push('object-key');
      return 'key';
    }
    let e = '';
    if (c === 0x22) e = str();
    else if (c === 0x2d || isDigit(c)) e = num();
    else {
      const word = ['true', 'false', 'null'].find((w) => w.charCodeAt(0) === c);
      if (!word) return { error: bad('looking for beginning of value') };
      for (let k = 1; k < word.length && !e; k++) {
        i++;
        if (i >= n) e = END;
        else if (bytes[i] !== word.charCodeAt(k)) e = bad(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
      }
      i++;
    }
    return e ? { error: e } : 'after';
  };

  let next: Next = 'value';
  for (;;) {
    if (next === 'value') {
      const r = startValue();
      if (typeof r !== 'string') return r.error;
      next = r;
      continue;
    }
    if (next === 'key') {
      const e = str();
      if (e) return e;
      skip();
      if (i >= n) return END;
      if (bytes[i] !== 0x3a) return bad('after object key');
      i++;
      stack[stack.length - 1] = 'object-value';
      next = 'value';
      continue;
    }
    skip();
    if (!stack.length) return i < n ? bad('after top-level value') : undefined;
    if (i >= n) return END;
    const c = bytes[i];
    if (stack[stack.length - 1] === 'array') {
      if (c === 0x2c) next = 'value';
      else if (c === 0x5d) stack.pop();
      else return bad('after array element');
      i++;
      continue;
    }
    if (c === 0x7d) {
      stack.pop();
      i++;
      continue;
    }
    if (c !== 0x2c) return bad('after object key:value pair');
    i++;
    skip();
    if (i >= n) return END;
    if (bytes[i] !== 0x22) return bad('looking for beginning of object key string');
    stack[stack.length - 1] = 'object-key';
    next = 'key';
  }
}

/**
 * Go's base64.StdEncoding.DecodeString (and RawURLEncoding's): the bytes, or the error text Go gives
 * ("illegal base64 data at input byte N", N where Go's decoder stops; encoding/base64 decodeQuantum).
 */
const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64.RawURLEncoding.DecodeString (JWS parts): URL alphabet, no padding ('=' is an illegal byte). */
export function goRawUrlBase64Decode(src: string): Buffer | string {
  return decode(src, URL, false);
}

export function goBase64Decode(src: string): Buffer | string {
  return decode(src, STD, true);
}

function decode(src: string, ALPHABET: string, padded: boolean): Buffer | string {
  const corrupt = (at: number) => `illegal base64 data at input byte ${at}`;
  const out: number[] = [];
  let si = 0;
  const isNl = (c: string) => c === '\n' || c === '\r';
  while (si < src.length) {
    const dbuf: number[] = [];
    let dlen = 4;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        if (j === 1 || padded) return corrupt(si - j);
        dlen = j;
        break;
      }
      const c = src[si++];
      const v = ALPHABET.indexOf(c);
      if (v !== -1) {
        dbuf[j] = v;
        continue;
      }
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== '=' || !padded) return corrupt(si - 1);
      // padding
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== '=') return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) return corrupt(si);
      dlen = j;
      break;
    }
    const [a, b, c, d] = [dbuf[0] ?? 0, dbuf[1] ?? 0, dbuf[2] ?? 0, dbuf[3] ?? 0];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    const bytes = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (dlen < 4) break;
  }
  return Buffer.from(out);
}

/**
 * A small HCL reader, enough for Vault policies: `key "label" { key = value }`, lists, objects,
 * strings, numbers, booleans, comments (#, //, /* *\/). JSON policies are accepted as well.
 */
export type HclValue = string | number | boolean | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue | HclBlock[];
}
export interface HclBlock {
  labels: string[];
  body: HclObject;
}

type Tok = { t: 'str' | 'ident' | 'num' | 'punct'; v: string; line: number };

export class HclError extends Error {}

/**
 * Each object's keys in order with the line of their `=` (0 for a block, which has none): what
 * hclutil.CheckHCLKeys reports as `invalid key "k" on line N`.
 */
export const keyLines = new WeakMap<HclObject, { key: string; line: number }[]>();

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end === -1) throw new HclError(`At ${line}: unterminated comment`);
      line += src.slice(i, end).split('\n').length - 1;
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new HclError(`At ${line}: unterminated string`);
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else v += src[j++];
      }
      if (j >= src.length) throw new HclError(`At ${line}: unterminated string`);
      toks.push({ t: 'str', v, line });
      i = j + 1;
      continue;
    }
    if ('{}[]=,:'.includes(c)) { toks.push({ t: 'punct', v: c, line }); i++; continue; }
    const m = /^[A-Za-z_][A-Za-z0-9_\-.]*|^-?\d+(\.\d+)?/.exec(src.slice(i, i + 200));
    if (!m) throw new HclError(`At ${line}: illegal char '${c}'`);
    toks.push({ t: /^-?\d/.test(m[0]) ? 'num' : 'ident', v: m[0], line });
    i += m[0].length;
  }
  return toks;
}

/**
 * Where HCL 1's scanner reports EOF: the parser scans it twice, each scan moving the column one
 * past the end of the last line ("At 1:28" for a 26-character policy, recorded).
 */
function eofPosition(src: string): string {
  const lines = src.split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 2}`;
}

export function parseHcl(src: string): HclObject {
  const trimmed = src.trim();
  if (trimmed.startsWith('{')) {
    try {
      return jsonToHcl(JSON.parse(trimmed));
    } catch {
      // fall through to HCL: `{` can't start an HCL body, so the error below is accurate
    }
  }
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const next = () => {
    const t = toks[pos++];
    if (!t) throw new HclError(`At ${eofPosition(src)}: object expected closing RBRACE got: EOF`);
    return t;
  };
  const expect = (v: string) => {
    const t = next();
    if (t.v !== v || t.t !== 'punct') throw new HclError(`At ${t.line}: expected '${v}' got '${t.v}'`);
  };

  function value(): HclValue {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'ident') {
      if (t.v === 'true' || t.v === 'false') return t.v === 'true';
      throw new HclError(`At ${t.line}: unknown token ${t.v}`);
    }
    if (t.v === '[') {
      const arr: HclValue[] = [];
      while (peek() && !(peek().t === 'punct' && peek().v === ']')) {
        arr.push(value());
        if (peek() && peek().v === ',') next();
      }
      expect(']');
      return arr;
    }
    if (t.v === '{') return body('}');
    throw new HclError(`At ${t.line}: unexpected '${t.v}'`);
  }

  function body(close: string | null): HclObject {
    const obj: HclObject = {};
    const lines: { key: string; line: number }[] = [];
    keyLines.set(obj, lines);
    while (pos < toks.length) {
      const t = peek();
      if (close && t.t === 'punct' && t.v === close) { next(); return obj; }
      if (t.t === 'punct' && t.v === ',') { next(); continue; }
      const key = next();
      if (key.t !== 'ident' && key.t !== 'str') throw new HclError(`At ${key.line}: expected a key, got '${key.v}'`);
      const n = peek();
      if (n && n.t === 'punct' && (n.v === '=' || n.v === ':')) {
        lines.push({ key: key.v, line: next().line });
        obj[key.v] = value();
        continue;
      }
      lines.push({ key: key.v, line: 0 });
      const labels: string[] = [];
      while (peek() && peek().t === 'str') labels.push(next().v);
      expect('{');
      const block: HclBlock = { labels, body: body('}') };
      const list = (obj[key.v] as HclBlock[] | undefined) ?? [];
      list.push(block);
      obj[key.v] = list;
    }
    if (close) throw new HclError(`At ${eofPosition(src)}: object expected closing RBRACE got: EOF`);
    return obj;
  }

  return body(null);
}

/** `{"path": {"a/*": {"capabilities": [...]}}}` -> the block form the HCL reader produces. */
function jsonToHcl(json: Record<string, unknown>): HclObject {
  const out: HclObject = {};
  for (const [key, val] of Object.entries(json)) {
    if (key === 'path' && val && typeof val === 'object' && !Array.isArray(val)) {
      out.path = Object.entries(val as Record<string, HclObject>).map(([label, b]) => ({ labels: [label], body: b }));
    } else out[key] = val as HclValue;
  }
  return out;
}

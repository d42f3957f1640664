/**
 * PEM blocks as people paste them: browsers turn the line breaks of a one-line input into spaces,
 * some tools write literal `\n`, Windows writes CRLF. Each block is rebuilt from its header, its
 * base64 body (white space removed, wrapped at 64 columns) and its footer.
 *
 * Found with a plain scan, linear in the text: a regular expression with a lazy body and a
 * back-reference (`-----BEGIN (X)-----[\s\S]*?-----END \1-----`) took seconds on a field of
 * repeated headers without footers.
 */

/** The longest PEM text read (a CA bundle of a few hundred certificates is well below). */
export const MAX_PEM_LENGTH = 1024 * 1024;
/** The longest label (`ENCRYPTED PRIVATE KEY` is 21 characters). */
const MAX_LABEL_LENGTH = 64;
const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

export interface PemBlock {
  /** `CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY`, ... */
  label: string;
  /** The block rebuilt in the standard layout, ending with a newline. */
  pem: string;
  /** Legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED` headers). */
  encrypted: boolean;
}

/** Every PEM block in the text, rebuilt; [] when there is none or the text is longer than `MAX_PEM_LENGTH`. */
export function pemBlocks(text: string): PemBlock[] {
  if (text.length > MAX_PEM_LENGTH) return [];
  const unescaped = text.replace(/\\n/g, '\n').replace(/\\r/g, '');
  return pemSpans(unescaped).map((span) => rebuild(span.label, span.body));
}

export interface PemSpan {
  label: string;
  /** Everything between the header and the footer, as written. */
  body: string;
}

/**
 * The blocks as written, strictly: `-----BEGIN <LABEL>-----`, the body, `-----END <LABEL>-----`
 * (the dev server reads PEM with it as Go's encoding/pem does, without the repairs above).
 */
export function pemSpans(text: string): PemSpan[] {
  const ends = footers(text);
  const spans: PemSpan[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, from);
    if (begin < 0) break;
    const label = labelAt(text, begin + BEGIN.length);
    if (label === undefined) {
      from = begin + 1;
      continue;
    }
    const bodyStart = begin + BEGIN.length + label.length + DASHES.length;
    const end = ends.next(label, bodyStart);
    if (end < 0) {
      from = begin + 1;
      continue;
    }
    spans.push({ label, body: text.slice(bodyStart, end) });
    from = end + END.length + label.length + DASHES.length;
  }
  return spans;
}

/** True when the text holds a PEM block with one of these labels. */
export function hasPemBlock(text: string, labels: readonly string[]): boolean {
  return pemBlocks(text).some((b) => labels.includes(b.label));
}

/** The label of a header or footer starting at `at` (`[A-Z0-9 ]+` then `-----`), or undefined. */
function labelAt(text: string, at: number): string | undefined {
  let i = at;
  while (i < text.length && i - at <= MAX_LABEL_LENGTH && isLabelChar(text.charCodeAt(i))) i++;
  if (i === at || i - at > MAX_LABEL_LENGTH || !text.startsWith(DASHES, i)) return undefined;
  return text.slice(at, i);
}

function isLabelChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20;
}

/** Every footer's position by label, read once; `next` finds the first at or after a position. */
function footers(text: string): { next(label: string, from: number): number } {
  const byLabel = new Map<string, { at: number[]; i: number }>();
  for (let at = text.indexOf(END); at >= 0; at = text.indexOf(END, at + 1)) {
    const label = labelAt(text, at + END.length);
    if (label === undefined) continue;
    const list = byLabel.get(label) ?? { at: [], i: 0 };
    list.at.push(at);
    byLabel.set(label, list);
  }
  return {
    next(label, from) {
      const list = byLabel.get(label);
      if (!list) return -1;
      // Callers ask with growing positions: the cursor only moves forward.
      while (list.i < list.at.length && list.at[list.i] < from) list.i++;
      return list.i < list.at.length ? list.at[list.i] : -1;
    },
  };
}

function rebuild(label: string, inner: string): PemBlock {
  const encrypted = /Proc-Type:\s*4,ENCRYPTED/i.test(inner);
  // Legacy headers ("Name: value") sit before the base64; they are kept only to be refused.
  const body = encrypted ? inner : inner.replace(/\s+/g, '');
  const lines = encrypted ? [inner.trim()] : (body.match(/.{1,64}/g) ?? []);
  return { label, pem: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`, encrypted };
}

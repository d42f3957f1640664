/**
 * PEM blocks as Go's encoding/pem reads them, strictly (no one-line forms: Vault refuses those):
 * `-----BEGIN <LABEL>-----`, the body, `-----END <LABEL>-----`. A plain scan, linear in the text:
 * the lazy-body, back-reference regular expression it replaces re-read the rest of the text for
 * each header without a footer.
 */
export interface PemBlock {
  label: string;
  /** Everything between the header and the footer, line breaks included. */
  body: string;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const MAX_LABEL_LENGTH = 64;

export function pemBlocks(text: string): PemBlock[] {
  const ends = footerPositions(text);
  const blocks: PemBlock[] = [];
  let from = 0;
  for (let begin = text.indexOf(BEGIN, from); begin >= 0; begin = text.indexOf(BEGIN, from)) {
    const label = labelAt(text, begin + BEGIN.length);
    const bodyStart = begin + BEGIN.length + (label?.length ?? 0) + DASHES.length;
    const end = label === undefined ? -1 : ends.next(label, bodyStart);
    if (label === undefined || end < 0) {
      from = begin + 1;
      continue;
    }
    blocks.push({ label, body: text.slice(bodyStart, end) });
    from = end + END.length + label.length + DASHES.length;
  }
  return blocks;
}

/** The base64 of a block's body decoded (white space ignored). */
export function pemBytes(block: PemBlock): Buffer {
  return Buffer.from(block.body.replace(/\s+/g, ''), 'base64');
}

/** `[A-Z0-9 ]+` followed by `-----`, starting at `at`. */
function labelAt(text: string, at: number): string | undefined {
  let i = at;
  while (i < text.length && i - at <= MAX_LABEL_LENGTH && isLabelChar(text.charCodeAt(i))) i++;
  if (i === at || i - at > MAX_LABEL_LENGTH || !text.startsWith(DASHES, i)) return undefined;
  return text.slice(at, i);
}

function isLabelChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x20;
}

/** Every footer's position by label, read once; `next` moves a cursor forward only. */
function footerPositions(text: string): { next(label: string, from: number): number } {
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
      while (list.i < list.at.length && list.at[list.i] < from) list.i++;
      return list.i < list.at.length ? list.at[list.i] : -1;
    },
  };
}

/**
 * Finds every occurrence of many strings in a text in one pass (Aho–Corasick): time linear in the
 * text plus the strings, whatever their number. Scrubbing the thousands of values of a written
 * body out of an error that echoes that body would otherwise cost values × text.
 *
 * Nodes live in typed arrays; a node's first child is kept inline and only further children go to
 * a map, so long strings (chains of single children) cost a few bytes per character.
 */
const ROOT = 0;
const NONE = -1;

export class TextMatcher {
  private readonly code: Uint16Array;
  private readonly firstChild: Int32Array;
  private readonly nextSibling: Int32Array;
  private readonly fail: Int32Array;
  /** Length of the longest string ending at this node (its own or a suffix's); 0 for none. */
  private readonly longest: Int32Array;
  /** Children after the first, keyed `node * 65536 + code`. */
  private readonly more = new Map<number, number>();
  private size = 1;

  constructor(strings: readonly string[]) {
    let capacity = 1;
    for (const s of strings) capacity += s.length;
    this.code = new Uint16Array(capacity);
    this.firstChild = new Int32Array(capacity).fill(NONE);
    this.nextSibling = new Int32Array(capacity).fill(NONE);
    this.fail = new Int32Array(capacity);
    this.longest = new Int32Array(capacity);
    for (const s of strings) if (s.length > 0) this.add(s);
    this.link();
  }

  /** The parts of `text` covered by at least one string, merged, in order: `[start, end)` pairs. */
  coveredRanges(text: string): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    let node = ROOT;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.child(node, c);
      while (next === NONE && node !== ROOT) {
        node = this.fail[node];
        next = this.child(node, c);
      }
      node = next === NONE ? ROOT : next;
      const length = this.longest[node];
      if (length === 0) continue;
      // Ends only grow, but this match may start before earlier ranges: fold those into it.
      let start = i + 1 - length;
      while (ranges.length > 0 && ranges[ranges.length - 1][1] > start) start = Math.min(start, ranges.pop()![0]);
      ranges.push([start, i + 1]);
    }
    return ranges;
  }

  private child(node: number, c: number): number {
    const first = this.firstChild[node];
    if (first === NONE) return NONE;
    if (this.code[first] === c) return first;
    return this.more.get(node * 65536 + c) ?? NONE;
  }

  private add(s: string): void {
    let node = ROOT;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let next = this.child(node, c);
      if (next === NONE) {
        next = this.size++;
        this.code[next] = c;
        const first = this.firstChild[node];
        if (first === NONE) {
          this.firstChild[node] = next;
        } else {
          this.more.set(node * 65536 + c, next);
          this.nextSibling[next] = this.nextSibling[first];
          this.nextSibling[first] = next;
        }
      }
      node = next;
    }
    this.longest[node] = s.length;
  }

  /** Failure links, breadth first; `longest` inherits the suffix's when a node ends no string itself. */
  private link(): void {
    const queue = new Int32Array(this.size);
    let head = 0;
    let tail = 0;
    for (let k = this.firstChild[ROOT]; k !== NONE; k = this.nextSibling[k]) {
      this.fail[k] = ROOT;
      queue[tail++] = k;
    }
    while (head < tail) {
      const node = queue[head++];
      for (let k = this.firstChild[node]; k !== NONE; k = this.nextSibling[k]) {
        const c = this.code[k];
        let f = this.fail[node];
        let target = this.child(f, c);
        while (target === NONE && f !== ROOT) {
          f = this.fail[f];
          target = this.child(f, c);
        }
        this.fail[k] = target === NONE ? ROOT : target;
        if (this.longest[k] === 0) this.longest[k] = this.longest[this.fail[k]];
        queue[tail++] = k;
      }
    }
  }
}

/**
 * `docs/design.md` stays true for the code: it is where one learns where things live, and it went
 * stale once (files moved, functions renamed, line numbers drifted). The rules it is read by:
 *
 * - A span is the text between two backticks, outside fenced code blocks; it stays on one line.
 * - A block is a paragraph, a list item (with its indented continuation lines) or a table row.
 * - A span starting with a repository root (`src/`, `test/`, `dev/`, `scripts/`, `integrations/`,
 *   `bench/`, `docs/`) is a path from the repository root and must exist (a folder when it ends
 *   with `/`). A segment holding `<name>` or `*` is a placeholder: it matches the entries that start
 *   with the text before the first one and end with the text after the last one, and at least one
 *   must match (`src/lib/vault/auth/<method>.ts`).
 * - A span without a root that ends in `.ts`, `.js`, `.json`, `.jsonl` or `.md` is a relative path:
 *   it resolves against the folder of the last rooted path written before it in its block (the path
 *   itself when it is a folder), and nowhere else; with no rooted path before it, against the
 *   repository root. So `kv-v2.ts` after `src/lib/vault/kv/kv-service.ts` is checked there, while
 *   `http.ts` after it, or a bare `index.ts`, is refused: qualify it.
 * - No line numbers: no `file.ts:12`, no "line 12" (they go stale; name the function).
 * - "`name` (`path`)" and "`name` in `path`", where `name` is an identifier or a dotted one
 *   (`ValueCache.getOrLoad`) and `path` a path span, say the file (any file of the folder, any file
 *   the placeholder matches) holds that name: each dotted part must occur in its text as a word.
 *
 * Linear scans only (indexOf and character tests): no regular expression reads the document.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');
const ROOTS = ['src/', 'test/', 'dev/', 'scripts/', 'integrations/', 'bench/', 'docs/'];
const FILE_ENDINGS = ['.ts', '.js', '.json', '.jsonl', '.md'];

interface Span {
  text: string;
  /** Where the span's opening backtick is in its block, and where its closing one is. */
  start: number;
  end: number;
}

interface DocCheck {
  problems: string[];
  /** How many path spans were checked, and how many name/path pairings. */
  paths: number;
  pairs: number;
}

/** The document's blocks (fenced code left out), each as its lines joined with '\n'. */
function blocksOf(doc: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fenced = false;
  const close = () => {
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of doc.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) {
      close();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    if (trimmed === '') {
      close();
      continue;
    }
    if (trimmed.startsWith('|') || trimmed.startsWith('#') || isListItemStart(trimmed)) close();
    current.push(line);
    if (trimmed.startsWith('|') || trimmed.startsWith('#')) close();
  }
  close();
  return blocks;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isListItemStart(trimmed: string): boolean {
  if (trimmed.startsWith('- ')) return true;
  let i = 0;
  while (i < trimmed.length && isDigit(trimmed[i])) i++;
  return i > 0 && trimmed.startsWith('. ', i);
}

function spansOf(block: string): { spans: Span[]; problems: string[] } {
  const spans: Span[] = [];
  const problems: string[] = [];
  let from = 0;
  for (;;) {
    const start = block.indexOf('`', from);
    if (start < 0) break;
    const end = block.indexOf('`', start + 1);
    if (end < 0) {
      problems.push(`unclosed backtick in: ${block.slice(start, start + 60)}`);
      break;
    }
    const text = block.slice(start + 1, end);
    if (text.includes('\n')) problems.push(`a backticked span is broken across lines: \`${text}\``);
    spans.push({ text, start, end });
    from = end + 1;
  }
  return { spans, problems };
}

function isNameChar(c: string | undefined, first: boolean): boolean {
  if (c === undefined) return false;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || (!first && isDigit(c));
}

/** `read`, `ValueCache.getOrLoad`: an identifier, or identifiers joined by dots. */
function nameParts(text: string): string[] | undefined {
  const parts = text.split('.');
  for (const part of parts) {
    if (part === '' || !isNameChar(part[0], true)) return undefined;
    for (let i = 1; i < part.length; i++) if (!isNameChar(part[i], false)) return undefined;
  }
  return parts;
}

function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isNameChar(text[at - 1], false) && !isNameChar(text[at + word.length], false)) return true;
  }
  return false;
}

function isRooted(text: string): boolean {
  return ROOTS.some((r) => text.startsWith(r));
}

function isRelativeFile(text: string): boolean {
  return !isRooted(text) && !text.includes(' ') && FILE_ENDINGS.some((e) => text.endsWith(e));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a segment holds a placeholder, and the text that must start and end what it matches. */
function placeholder(segment: string): { prefix: string; suffix: string } | undefined {
  const open = [segment.indexOf('<'), segment.indexOf('*')].filter((i) => i >= 0);
  if (open.length === 0) return undefined;
  const close = Math.max(segment.lastIndexOf('>'), segment.lastIndexOf('*'));
  return { prefix: segment.slice(0, Math.min(...open)), suffix: segment.slice(close + 1) };
}

/** The absolute paths `relPath` (from `base`, placeholders allowed) names; a trailing `/` asks for folders. */
function matches(base: string, relPath: string): string[] {
  const wantsFolder = relPath.endsWith('/');
  const segments = relPath.split('/').filter((s) => s !== '');
  let found = [base];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const pattern = placeholder(segment);
    const next: string[] = [];
    for (const dir of found) {
      if (!isDirectory(dir)) continue;
      if (!pattern) {
        const path = join(dir, segment);
        if (existsSync(path)) next.push(path);
        continue;
      }
      for (const name of readdirSync(dir)) {
        if (name.length >= pattern.prefix.length + pattern.suffix.length && name.startsWith(pattern.prefix) && name.endsWith(pattern.suffix)) {
          next.push(join(dir, name));
        }
      }
    }
    found = last && wantsFolder ? next.filter(isDirectory) : last ? next : next.filter(isDirectory);
  });
  return segments.length === 0 ? [] : found;
}

function filesIn(paths: string[]): string[] {
  return paths.flatMap((p) => (isDirectory(p) ? filesIn(readdirSync(p).map((n) => join(p, n))) : [p]));
}

/** The folder a relative path resolves against: the base's folder (the base itself when it is one), else the root. */
function baseFolder(base: string | undefined): string {
  if (base === undefined) return '';
  const segments = base.split('/').filter((s) => s !== '');
  if (!base.endsWith('/')) segments.pop();
  return segments.join('/');
}

function hasLineNumber(path: string): boolean {
  const colon = path.lastIndexOf(':');
  return colon >= 0 && isDigit(path[colon + 1] ?? '');
}

function mentionsLineNumber(text: string): boolean {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('line '); at >= 0; at = lower.indexOf('line ', at + 1)) {
    if (isDigit(lower[at + 5] ?? '')) return true;
  }
  return false;
}

/** Checks a design document against the repository at `repo`. */
function checkDesignDoc(doc: string, repo: string): DocCheck {
  const result: DocCheck = { problems: [], paths: 0, pairs: 0 };
  for (const block of blocksOf(doc)) {
    const { spans, problems } = spansOf(block);
    result.problems.push(...problems);
    if (mentionsLineNumber(block)) result.problems.push(`a line number in: ${block.slice(0, 80)}`);
    let base: string | undefined;
    /** What each span resolved to, when it is a path. */
    const resolved = new Map<Span, string[]>();
    for (const span of spans) {
      const rooted = isRooted(span.text);
      if (!rooted && !isRelativeFile(span.text)) continue;
      result.paths++;
      if (hasLineNumber(span.text)) {
        result.problems.push(`\`${span.text}\`: no line numbers, name the function`);
        continue;
      }
      if (span.text.includes(' ')) {
        result.problems.push(`\`${span.text}\`: a path with a space`);
        continue;
      }
      const found = matches(rooted ? repo : join(repo, baseFolder(base)), span.text);
      if (found.length === 0) {
        const where = rooted ? 'from the repository root' : base ? `in the folder of \`${base}\`` : 'from the repository root (no rooted path before it in its block: qualify it)';
        result.problems.push(`\`${span.text}\` does not exist ${where}`);
        continue;
      }
      resolved.set(span, found);
      if (rooted) base = span.text;
    }
    for (let i = 0; i + 1 < spans.length; i++) {
      const [name, path] = [spans[i], spans[i + 1]];
      const between = block.slice(name.end + 1, path.start).trim();
      const parts = nameParts(name.text);
      const targets = resolved.get(path);
      if ((between !== '(' && between !== 'in') || !parts || !targets) continue;
      result.pairs++;
      const files = filesIn(targets);
      if (!files.some((f) => parts.every((part) => containsWord(readFileSync(f, 'utf8'), part)))) {
        result.problems.push(`\`${name.text}\` is not in \`${path.text}\``);
      }
    }
  }
  return result;
}

describe('the checker', () => {
  it('finds what it looks for (a missing file, a wrong name, a bare relative path, line numbers)', () => {
    const wrong = [
      '| a | `src/lib/vault/no-such-file.ts` |',
      '| b | `createKvService` (`src/lib/vault/registry.ts`), `notThere` in `src/lib/vault/` |',
      '',
      'A bare `kv-v2.ts` here, and `src/lib/vault/http.ts:36` there, see line 12.',
      '',
      '- `src/lib/vault/auth/<nothing>.tsx` and `src/lib/vault/http.ts/` (a file, not a folder).',
      '- After `src/lib/vault/kv/kv-service.ts`, `http.ts` is not beside it.',
    ].join('\n');
    expect(checkDesignDoc(wrong, REPO).problems).toEqual([
      '`src/lib/vault/no-such-file.ts` does not exist from the repository root',
      '`createKvService` is not in `src/lib/vault/registry.ts`',
      '`notThere` is not in `src/lib/vault/`',
      'a line number in: A bare `kv-v2.ts` here, and `src/lib/vault/http.ts:36` there, see line 12.',
      '`kv-v2.ts` does not exist from the repository root (no rooted path before it in its block: qualify it)',
      '`src/lib/vault/http.ts:36`: no line numbers, name the function',
      '`src/lib/vault/auth/<nothing>.tsx` does not exist from the repository root',
      '`src/lib/vault/http.ts/` does not exist from the repository root',
      '`http.ts` does not exist in the folder of `src/lib/vault/kv/kv-service.ts`',
    ]);
  });

  it('accepts what is true (placeholders, relative paths, folders, dotted names, names written as words)', () => {
    const right = [
      '- `getVaultClient` (`src/lib/vault/registry.ts`); after `src/lib/vault/kv/kv-service.ts` come `kv-v2.ts`',
      '  and `layout.ts`, after `src/lib/vault/` comes `http.ts`; `ValueCache.getOrLoad` in `src/lib/vault/cache.ts`;',
      '  `clientFor` in `src/lib/common/`; `LoginMethodSpec` in `src/lib/vault/auth/<method>.ts`.',
      '',
      '```',
      '`not/a/path.ts` in a fenced block is not read',
      '```',
    ].join('\n');
    const { problems, paths, pairs } = checkDesignDoc(right, REPO);
    expect(problems).toEqual([]);
    expect({ paths, pairs }).toEqual({ paths: 9, pairs: 4 });
  });

  it('reads a name as a word: `read` is not found in a file that only has `readFile`', () => {
    expect(containsWord('readFile(x); thread', 'read')).toBe(false);
    expect(containsWord('const x = read(y)', 'read')).toBe(true);
  });
});

describe('docs/design.md', () => {
  const doc = readFileSync(join(REPO, 'docs/design.md'), 'utf8');
  const check = checkDesignDoc(doc, REPO);

  it('names only paths that exist and symbols that are where it says, without line numbers', () => {
    expect(check.problems).toEqual([]);
  });

  it('is read whole (the checks are not vacuous)', () => {
    expect(check.paths).toBeGreaterThan(150);
    expect(check.pairs).toBeGreaterThan(80);
  });
});

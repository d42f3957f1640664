/**
 * No regular expression in `src/` or `dev/` has a shape V8's backtracking engine runs in quadratic
 * (or worse) time on input a user, Vault or a test controls. The shapes found there:
 * - a run anchored only at the end (`/\/+$/`, `/^\/+|\/+$/g`): every slash run is re-read from each
 *   of its slashes;
 * - `[\s\S]*?` / `[\s\S]+` up to a delimiter, or a back-reference: the PEM and CSR patterns;
 * - a quantified group holding a quantifier (`(a+)+`): exponential.
 * A plain loop (`trimSlashes`, `pemBlocks`, in both trees) replaces them. The checks read the source text, so
 * they also hold for code not covered by a test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Regular expression literals of a line (`/.../flags` after `(`, `=`, `,`, `:`, `?`, `!`, `&`, `|`, `return`). */
function regexLiterals(line: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[(=,:?!&|]|return)\s*\/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n[])+)\/[dgimsuyv]*/g;
  for (const m of line.matchAll(re)) out.push(m[1]);
  return out;
}

/** Alternation outside any group: `^a|b$` is anchored at the start in its first half only. */
function topLevelAlternation(flat: string): boolean {
  let depth = 0;
  for (const c of flat) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Why a pattern may backtrack on crafted input; undefined when its shape is linear. A pattern
 * anchored at the start (no alternation outside its groups) is tried from one position only, so
 * one run to the end (`^(data|metadata)\/(.+)$`) reads the text once.
 */
function backtrackingShape(source: string): string | undefined {
  // escapes and character classes hold no quantifier or group: `[+/]`, `\+` are characters
  const flat = source.replace(/\\./g, 'E').replace(/\[[^\]]*\]/g, 'C');
  const fromStartOnly = flat.startsWith('^') && !topLevelAlternation(flat);
  if (!fromStartOnly && /(?:\+|\*|\{\d+,\})\)?\$$/.test(flat)) {
    return 'a repeated run anchored only at the end (use trimTrailingSlashes or a loop)';
  }
  const anyRuns = source.split(/\[\\s\\S\](?:\*|\+)/).length - 1;
  if (anyRuns > (fromStartOnly ? 1 : 0)) return '[\\s\\S] repeated up to a delimiter (scan with indexOf)';
  if (/\\[1-9]/.test(source)) return 'a back-reference';
  if (/\((?:[^()]*[+*])[^()]*\)[+*{]/.test(flat)) return 'a repeated group holding a repetition';
  return undefined;
}

it('finds the shapes it looks for (the detector works)', () => {
  const found = ['x.replace(/\\/+$/, "")', "x.replace(/^\\/+|\\/+$/g, '')", 'const B = /-----BEGIN ([A-Z ]+)-----([\\s\\S]*?)-----END \\1-----/g;', 'const E = /^(a+)+$/;']
    .flatMap(regexLiterals)
    .map(backtrackingShape);
  expect(found.every((why) => why !== undefined)).toBe(true);
  const linear = [
    '/^\\/+/',
    '/^-?\\d+$/',
    '/[smhd]$/',
    "/^[A-Za-z0-9\\-._~!$&'()*+,;=:@%]*$/",
    '/^(config|roles)\\/([^/]+)$/',
    '/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/',
    '/^1 error occurred:\\n\\t\\* ([\\s\\S]*)\\n\\n$/',
  ];
  expect(linear.map((s) => backtrackingShape(s.slice(1, -1)))).toEqual(linear.map(() => undefined));
  // anchored at the start in one half only, or two runs that share out the text: still flagged
  expect(['/^a+|b+$/', '/^([\\s\\S]*)x([\\s\\S]*)$/'].map((s) => backtrackingShape(s.slice(1, -1)))).not.toContain(undefined);
});

/** `root`'s regular expressions with a backtracking shape, as `file:line /source/: why`; and how many were read. */
function backtrackingIn(root: string): { offending: string[]; seen: number } {
  const offending: string[] = [];
  let seen = 0;
  for (const file of filesUnder(root)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\*|\/\/)/.test(line)) return;
        for (const source of regexLiterals(line)) {
          seen++;
          const why = backtrackingShape(source);
          if (why) offending.push(`${relative(root, file)}:${i + 1} /${source}/: ${why}`);
        }
      });
  }
  return { offending, seen };
}

it('no regular expression in src/ has a backtracking shape', () => {
  const { offending, seen } = backtrackingIn(SRC);
  expect(seen).toBeGreaterThan(40);
  expect(offending).toEqual([]);
});

it('no regular expression in dev/ has one either (the tests send the dev server the same hostile input)', () => {
  const { offending, seen } = backtrackingIn(join(__dirname, '../../dev'));
  expect(seen).toBeGreaterThan(100);
  expect(offending).toEqual([]);
});

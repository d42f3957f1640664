/**
 * No regular expression in `src/` has a shape V8's backtracking engine runs in quadratic (or
 * worse) time on input a user or Vault controls (issue 22, class 2). The shapes found there:
 * - a run anchored only at the end (`/\/+$/`, `/^\/+|\/+$/g`): every slash run is re-read from each
 *   of its slashes;
 * - `[\s\S]*?` / `[\s\S]+` up to a delimiter, or a back-reference: the PEM and CSR patterns;
 * - a quantified group holding a quantifier (`(a+)+`): exponential.
 * A plain loop (`trimSlashes`, `pemBlocks`) replaces them. The checks read the source text, so
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

/** Why a pattern may backtrack on crafted input; undefined when its shape is linear. */
function backtrackingShape(source: string): string | undefined {
  if (/(?:\+|\*|\{\d+,\})\)?\$$/.test(source) && !(source.startsWith('^') && !source.includes('|'))) {
    return 'a repeated run anchored only at the end (use trimTrailingSlashes or a loop)';
  }
  if (/\[\\s\\S\](?:\*|\+)/.test(source)) return '[\\s\\S] repeated up to a delimiter (scan with indexOf)';
  if (/\\[1-9]/.test(source)) return 'a back-reference';
  if (/\((?:[^()]*[+*])[^()]*\)[+*{]/.test(source)) return 'a repeated group holding a repetition';
  return undefined;
}

it('finds the shapes it looks for (the detector works)', () => {
  const found = ['x.replace(/\\/+$/, "")', "x.replace(/^\\/+|\\/+$/g, '')", 'const B = /-----BEGIN ([A-Z ]+)-----([\\s\\S]*?)-----END \\1-----/g;', 'const E = /^(a+)+$/;']
    .flatMap(regexLiterals)
    .map(backtrackingShape);
  expect(found.every((why) => why !== undefined)).toBe(true);
  expect(['/^\\/+/', '/^-?\\d+$/', '/[smhd]$/', "/^[A-Za-z0-9\\-._~!$&'()*+,;=:@%]*$/"].map((s) => backtrackingShape(s.slice(1, -1)))).toEqual([
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
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

it('the dev server trims slashes with a loop too (the tests send it the same slash runs)', () => {
  const { offending } = backtrackingIn(join(__dirname, '../../dev'));
  expect(offending.filter((o) => o.includes('\\/+$') || o.includes('\\/*$'))).toEqual([]);
});

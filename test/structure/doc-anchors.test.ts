/**
 * Every in-page link of the README and docs/ (`[text](#anchor)`) lands on a heading of the same
 * file, so renaming a heading cannot leave a link that silently goes nowhere. Anchors are made as
 * GitHub makes them: lower case, punctuation dropped (hyphens and underscores kept), spaces to
 * hyphens, `-1`, `-2`... for repeated headings. Fenced code blocks are not read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');
const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function outsideFences(text: string): string {
  let inFence = false;
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) inFence = !inFence;
    else if (!inFence) kept.push(line);
  }
  return kept.join('\n');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const repeats = new Map<string, number>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = m[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = repeats.get(base);
    repeats.set(base, (n ?? -1) + 1);
    anchors.add(n === undefined ? base : `${base}-${n + 1}`);
  }
  return anchors;
}

describe('in-page links of the README and docs/', () => {
  it('makes anchors as GitHub does', () => {
    expect([...anchorsOf("## In the platform's Secret Managers (self-hosted enterprise)\n## A `b`\n## A `b`")]).toEqual([
      'in-the-platforms-secret-managers-self-hosted-enterprise',
      'a-b',
      'a-b-1',
    ]);
  });

  it.each(DOCS)('%s: every [..](#anchor) names one of its headings', (file) => {
    const text = outsideFences(readFileSync(join(REPO, file), 'utf8'));
    const anchors = anchorsOf(text);
    const broken = [...text.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]).filter((a) => !anchors.has(a));
    expect(broken).toEqual([]);
  });
});

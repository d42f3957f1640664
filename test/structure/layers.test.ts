/**
 * Layers only point down: `src/lib/vault/` (the Vault library) knows nothing of the piece or the
 * framework, and its modules import each other without circles (type-only imports aside).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '../../src');
const VAULT = join(SRC, 'lib/vault');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers a file loads at run time (`import type` and `export type` left out). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) specs.push(m[1]);
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) specs.push(m[1]);
  return specs;
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

const vaultFiles = filesUnder(VAULT);

it('src/lib/vault imports neither the framework nor the piece', () => {
  const offending: string[] = [];
  for (const file of vaultFiles) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
      const spec = m[1];
      const local = spec.startsWith('.') ? resolve(dirname(file), spec) : undefined;
      if (spec.startsWith('@activepieces/') || (local && !local.startsWith(VAULT))) offending.push(`${relative(SRC, file)} -> ${spec}`);
    }
  }
  expect(offending).toEqual([]);
});

/** Import circles among `files` (run-time imports only), each as `a -> b -> a`, relative to `root`. */
function importCircles(root: string): string[] {
  const files = filesUnder(root);
  const graph = new Map(files.map((f) => [f, runtimeImports(f).map((s) => resolveLocal(f, s)).filter((t): t is string => !!t)]));
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(root, f)).join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

it.each([
  ['src (the piece and its Vault library)', SRC],
  ['dev (the dev server and the npm start runner)', join(__dirname, '../../dev')],
])('%s has no import circles', (_name, root) => {
  expect(importCircles(root)).toEqual([]);
});

it('the piece keeps what its parts share in one folder, src/lib/common', () => {
  const commonFolders = filesUnder(SRC)
    .map((f) => relative(SRC, dirname(f)))
    .filter((dir, i, all) => all.indexOf(dir) === i && dir.split('/').includes('common'));
  expect(commonFolders).toEqual(['lib/common']);
});

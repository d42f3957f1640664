/**
 * The esbuild settings for the piece's one-file CommonJS bundle, in two modes:
 *
 * - `plain`: the plain esbuild settings (minified, tree-shaken, ESM entry
 *   points preferred). Kept to compare against: the test builds both and checks the engine sees
 *   the same piece; the load benchmark measures both.
 * - `optimised` (what `npm run pack` ships): the same, plus three plugins that change what is
 *   bundled and when it runs, never what the piece is:
 *
 *   1. `members` — the framework's packages ship CommonJS barrels: `require('@activepieces/shared')`
 *      runs every module of the package (~900 exports, hundreds of zod schemas) for the ~20 members
 *      the framework reads. Each `const x = require(<barrel>)` whose variable is only ever used as
 *      `x.member` (and each `import { a, b } from <barrel>` in our TypeScript) is pointed at a small
 *      generated module whose members are getters that `require()` the file that *defines* the
 *      member, on first read. The file comes from following the barrel's own re-exports
 *      (`__exportStar(require(...))`, `Object.defineProperty(exports, name, { get })`), and is
 *      checked at build time: the member it exports must be the very value the barrel exports.
 *      Anything the scan cannot prove (another use of the variable, `import * as`, a member not
 *      found) keeps the original require.
 *   2. `one-zod` — the framework `require()`s zod (its CommonJS build), our code imports it (its
 *      ESM build): the plain bundle carries and loads zod twice. Every zod request resolves to the
 *      ESM build, so there is one zod (one registry, one `instanceof`) and it is scope-hoisted.
 *   3. `lazy` — undici is not needed to describe the piece, only to talk to Vault: `import ... from
 *      'undici'` gets a module whose exports are getters that load undici on first read.
 *
 * No file is copied or patched: the generated modules only re-point requires at the packages' own
 * files, which esbuild then bundles as usual.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

export type BundleMode = 'plain' | 'optimised';

const ROOT = resolve(__dirname, '..');
/**
 * Node's own require, for what the build reads from the packages themselves (which file defines a
 * member, proof that it is the same value). Not the caller's: under jest, `require` is jest's
 * module registry, whose `require.cache` is not Node's.
 */
const nodeRequire = createRequire(__filename);

/** Packages whose CommonJS barrels are resolved member by member. */
const MEMBER_PACKAGES = ['@activepieces/shared', '@activepieces/pieces-framework'];
/** Packages loaded on first use of one of their exports. */
const LAZY_PACKAGES = ['undici'];
/** Packages every request of which goes to the ESM build. */
const ESM_ONLY_PACKAGES = ['zod'];

export interface BundleRequest {
  entry: string;
  outfile: string;
  mode: BundleMode;
  /** Where packages are resolved from (default: this project). */
  nodePaths?: string[];
  /** Extra esbuild options (e.g. `{ minify: false }` to profile a load). */
  overrides?: BuildOptions;
}

export interface BundleResult {
  bytes: number;
  metafile: Metafile;
  /** What the optimised mode did: barrels re-pointed, members resolved, requires kept as they were. */
  report: BundleReport;
}

export interface BundleReport {
  facades: number;
  members: number;
  kept: string[];
}

export async function bundle(req: BundleRequest): Promise<BundleResult> {
  const report: BundleReport = { facades: 0, members: 0, kept: [] };
  const result = await build({
    ...baseOptions(),
    entryPoints: [req.entry],
    outfile: req.outfile,
    nodePaths: req.nodePaths,
    plugins: req.mode === 'optimised' ? optimisingPlugins(report) : [],
    ...req.overrides,
    metafile: true,
  });
  const metafile = result.metafile as Metafile;
  return { bytes: Object.values(metafile.outputs)[0].bytes, metafile, report };
}

/** The plain settings, shared by both modes. */
export function baseOptions(): BuildOptions & { metafile: true } {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The engine finds the piece by `constructor.name === 'Piece'`.
    keepNames: true,
    minify: true,
    treeShaking: true,
    // Prefer ESM entry points so unused parts of large dependencies can be dropped.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

export function optimisingPlugins(report: BundleReport = { facades: 0, members: 0, kept: [] }): Plugin[] {
  return [oneEsmBuild(ESM_ONLY_PACKAGES), membersPlugin(MEMBER_PACKAGES, report), lazyPlugin(LAZY_PACKAGES)];
}

// ---------------------------------------------------------------------------------------------
// one-zod

const SKIP = Symbol('skip');

function packagePattern(names: string[]): RegExp {
  return new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(/.*)?$`);
}

function oneEsmBuild(packages: string[]): Plugin {
  return {
    name: 'one-esm-build',
    setup(b) {
      b.onResolve({ filter: packagePattern(packages) }, async (args) => {
        if (args.kind !== 'require-call' || args.pluginData === SKIP) return undefined;
        const r = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, importer: args.importer, pluginData: SKIP });
        return r.errors.length ? undefined : { path: r.path, sideEffects: r.sideEffects };
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// lazy

interface LazyPackage {
  /**
   * What the package's index does to the modules it loads, besides collecting their exports, that
   * the members we load without the index rely on. Checked against the index at build time.
   */
  prelude: Array<{ indexLine: string; code: (req: (file: string) => string) => string }>;
}

const LAZY: Record<string, LazyPackage> = {
  undici: {
    // undici's index gives every dispatcher (Pool, Agent, ...) its request/stream/... methods.
    prelude: [
      {
        indexLine: 'Object.assign(Dispatcher.prototype, api)',
        code: (req) => `Object.assign(${req('./lib/dispatcher/dispatcher.js')}.prototype, ${req('./lib/api/index.js')});`,
      },
    ],
  },
};

/**
 * Our `import { A, B } from 'pkg'` gets a module whose exports are getters: the first read runs the
 * package's prelude, then loads the file whose `module.exports` is that member (found by identity
 * at build time); a member not found that way loads the package's index.
 */
function lazyPlugin(packages: string[]): Plugin {
  return {
    name: 'lazy',
    setup(b) {
      b.onResolve({ filter: packagePattern(packages) }, async (args) => {
        if (args.pluginData === SKIP || args.namespace !== 'file' || !isOurs(args.importer) || !LAZY[args.path]) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: SKIP });
        if (r.errors.length) return undefined;
        const names = namedImports(readFileSync(args.importer, 'utf8'), args.path);
        return { path: r.path, namespace: 'lazy', pluginData: { pkg: args.path, names }, suffix: names ? `?${names.join(',')}` : '' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
        const { pkg: name, names } = args.pluginData as { pkg: string; names?: string[] };
        const pkg = LAZY[name];
        const index = args.path;
        const root = dirname(index);
        const indexSource = readFileSync(index, 'utf8');
        for (const p of pkg.prelude) {
          if (!indexSource.includes(p.indexLine)) throw new Error(`lazy: ${index} no longer has \`${p.indexLine}\`; review LAZY in scripts/bundle.ts`);
        }
        // The index, loaded in this (build) process, tells which of its files defines each member.
        const exportsOf = nodeRequire(index) as Record<string, unknown>;
        const byValue = new Map<unknown, string>();
        for (const [file, mod] of Object.entries(nodeRequire.cache)) {
          if (!mod || !file.startsWith(root + '/') || file.slice(root.length).includes('/node_modules/')) continue;
          if (!byValue.has(mod.exports)) byValue.set(mod.exports, file);
        }
        const req = (file: string) => `require(${JSON.stringify(join(root, file))})`;
        const lines = [
          '"use strict";',
          'let ready = false;',
          `const prelude = () => { if (!ready) { ready = true; ${pkg.prelude.map((p) => p.code(req)).join(' ')} } };`,
          'let index;',
          `const whole = () => index || (index = require(${JSON.stringify(index)}));`,
        ];
        for (const key of names ?? Object.keys(exportsOf)) {
          if (!(key in exportsOf)) continue; // a type
          const value = exportsOf[key];
          const file = (typeof value === 'function' || (typeof value === 'object' && value !== null)) && byValue.get(value);
          const get = file ? `prelude(); return require(${JSON.stringify(file)});` : `return whole()[${JSON.stringify(key)}];`;
          lines.push(`Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get() { ${get} } });`);
        }
        return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
      });
    },
  };
}

function isOurs(importer: string): boolean {
  return importer.startsWith(ROOT + '/') && !importer.includes('/node_modules/');
}

// ---------------------------------------------------------------------------------------------
// members

interface CjsFile {
  /** Names this file assigns itself (`exports.X = ...`). */
  defines: Set<string>;
  /** `Object.defineProperty(exports, name, { get: () => v.member })`: name -> [specifier, member]. */
  reexports: Map<string, [string, string]>;
  /** `__exportStar(require(spec), exports)`, in order. */
  stars: string[];
}

const ID = '[A-Za-z_$][\\w$]*';

function membersPlugin(packages: string[], report: BundleReport): Plugin {
  const parsed = new Map<string, CjsFile>();
  const sources = new Map<string, string>();
  const roots = new Map<string, string>();

  const source = (file: string): string => {
    let s = sources.get(file);
    if (s === undefined) {
      s = readFileSync(file, 'utf8');
      sources.set(file, s);
    }
    return s;
  };

  const parse = (file: string): CjsFile => {
    let p = parsed.get(file);
    if (p) return p;
    const s = source(file);
    const vars = new Map<string, string>();
    for (const m of s.matchAll(new RegExp(`(?:const|var|let) (${ID}) = require\\("([^"]+)"\\);`, 'g'))) vars.set(m[1], m[2]);
    p = { defines: new Set(), reexports: new Map(), stars: [] };
    // tsc's header (`exports.a = exports.b = void 0;`) names re-exports too: only real assignments count.
    for (const m of s.matchAll(new RegExp(`\\bexports\\.(${ID}) = (?!=|exports\\.|void 0)`, 'g'))) p.defines.add(m[1]);
    const re = new RegExp(`Object\\.defineProperty\\(exports, "(${ID})", \\{ enumerable: true, get: function \\(\\) \\{ return (${ID})\\.(${ID}); \\} \\}\\);`, 'g');
    for (const m of s.matchAll(re)) {
      const spec = vars.get(m[2]);
      if (spec) p.reexports.set(m[1], [spec, m[3]]);
    }
    for (const m of s.matchAll(/__exportStar\(require\("([^"]+)"\), exports\)/g)) p.stars.push(m[1]);
    parsed.set(file, p);
    return p;
  };

  const rootOf = (file: string): string | undefined => {
    for (const [, root] of roots) if (file.startsWith(root)) return root;
    return undefined;
  };

  const resolveFrom = (fromFile: string, spec: string): string | undefined => {
    try {
      return nodeRequire.resolve(spec, { paths: [dirname(fromFile)] });
    } catch {
      return undefined;
    }
  };

  /** The file (inside the package) that assigns the member, and its name there, following the barrel's re-exports. */
  const definingFile = (file: string, name: string, seen = new Set<string>()): [string, string] | undefined => {
    const key = `${file}#${name}`;
    if (seen.has(key) || !rootOf(file)) return undefined;
    seen.add(key);
    const p = parse(file);
    if (p.defines.has(name)) return [file, name];
    const re = p.reexports.get(name);
    if (re) {
      const target = resolveFrom(file, re[0]);
      return target ? definingFile(target, re[1], seen) : undefined;
    }
    for (const spec of p.stars) {
      const target = resolveFrom(file, spec);
      const found = target ? definingFile(target, name, seen) : undefined;
      if (found) return found;
    }
    return undefined;
  };

  /** Build-time proof: the defining file exports the very value the barrel exports. */
  const sameValue = (barrel: string, name: string, [defining, member]: [string, string]): boolean => {
    const a = (nodeRequire(barrel) as Record<string, unknown>)[name];
    const d = Object.getOwnPropertyDescriptor(nodeRequire(defining) as object, member);
    return d !== undefined && 'value' in d && d.value === a && a !== undefined;
  };

  /** Members the importer reads from `spec`, or undefined when it uses the module any other way. */
  const membersUsed = (importer: string, spec: string): string[] | undefined => {
    const s = source(importer);
    const q = spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    if (/\.[cm]?tsx?$/.test(importer) || /^\s*(import|export)\s/m.test(s)) return namedImports(s, spec);
    const decl = [...s.matchAll(new RegExp(`(?:const|var|let) (${ID}) = require\\("${q}"\\);`, 'g'))];
    const requires = [...s.matchAll(new RegExp(`require\\("${q}"\\)`, 'g'))].length;
    if (decl.length !== 1 || requires !== 1) return undefined;
    const v = decl[0][1].replace(/\$/g, '\\$');
    const uses = [...s.matchAll(new RegExp(`(?<![\\w$.])${v}(?![\\w$])`, 'g'))].length;
    const members = [...s.matchAll(new RegExp(`(?<![\\w$.])${v}\\.(${ID})`, 'g'))].map((m) => m[1]);
    if (uses !== members.length + 1) return undefined;
    return [...new Set(members)];
  };

  return {
    name: 'members',
    setup(b) {
      for (const pkg of packages) roots.set(pkg, dirname(nodeRequire.resolve(`${pkg}/package.json`, { paths: [ROOT] })) + '/');
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === SKIP || args.namespace !== 'file' || !args.importer) return undefined;
        if (args.kind !== 'require-call' && args.kind !== 'import-statement') return undefined;
        const bare = packagePattern(packages).test(args.path);
        if (!bare && !(args.path.startsWith('.') && rootOf(args.importer))) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: SKIP });
        if (r.errors.length || !rootOf(r.path) || !r.path.endsWith('.js')) return undefined;
        const names = membersUsed(args.importer, args.path);
        if (!names) {
          report.kept.push(`${relative(args.importer)} -> ${args.path}`);
          return undefined;
        }
        const members: Array<[string, string, string]> = [];
        for (const name of names) {
          const d = definingFile(r.path, name);
          if (d && sameValue(r.path, name, d)) members.push([name, ...d]);
          else if ((nodeRequire(r.path) as Record<string, unknown>)[name] !== undefined) {
            // A runtime export the scan cannot place: keep the whole barrel.
            report.kept.push(`${relative(args.importer)} -> ${args.path} (${name})`);
            return undefined;
          }
          // Otherwise a type-only name in a TypeScript import: nothing at run time.
        }
        report.facades++;
        report.members += members.length;
        return { path: r.path, namespace: 'members', pluginData: members, suffix: `?${members.map(([n]) => n).join(',')}` };
      });
      b.onLoad({ filter: /.*/, namespace: 'members' }, (args) => {
        const members = args.pluginData as Array<[string, string, string]>;
        const lines = [
          '"use strict";',
          'Object.defineProperty(exports, "__esModule", { value: true });',
          ...members.map(
            ([name, file, member]) =>
              `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: function () { return require(${JSON.stringify(file)})[${JSON.stringify(member)}]; } });`,
          ),
        ];
        return { contents: lines.join('\n'), loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * The runtime names an ES module or TypeScript source imports from `spec`, or undefined when it
 * reaches the module any other way (`import * as`, a default import, `export ... from`, `require`).
 */
function namedImports(s: string, spec: string): string[] | undefined {
  const q = spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const all = [...s.matchAll(new RegExp(`['"]${q}['"]`, 'g'))].length;
  const named = [...s.matchAll(new RegExp(`\\bimport\\s+(type\\s+)?\\{([^}]*)\\}\\s*from\\s*['"]${q}['"]`, 'g'))];
  if (named.length !== all) return undefined;
  const names = new Set<string>();
  for (const m of named) {
    if (m[1]) continue;
    for (const part of m[2].split(',')) {
      const t = part.trim();
      if (!t || t.startsWith('type ')) continue;
      const orig = t.split(/\s+as\s+/)[0].trim();
      if (!new RegExp(`^${ID}$`).test(orig)) return undefined;
      names.add(orig);
    }
  }
  return [...names];
}

function relative(file: string): string {
  return file.startsWith(ROOT + '/') ? file.slice(ROOT.length + 1) : file;
}

export const PROJECT_ROOT = ROOT;
export const ENTRY = join(ROOT, 'src/index.ts');

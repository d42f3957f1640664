/**
 * `npm run pack`: builds the tarball Activepieces installs as a custom piece.
 *
 * package/package.json   name, version, main ./src/index.js, dependencies {}
 * package/src/index.js   ONE self-contained CommonJS bundle (every dependency inlined; esbuild settings
 *                        and the load-time optimisations in scripts/bundle.ts)
 * package/README.md, package/assets/logo.{png,svg}
 * package/src/i18n/*.json the translations: the engine reads `<locale>.json` from `src/i18n`
 *                        two folders above the entry (`src/index.js`), i.e. next to package.json
 *
 * Usage: tsx scripts/pack.ts [--out-dir DIR]   (default dist/). Removes older *.tgz from DIR.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BundleMode, bundle } from './bundle';

const ROOT = resolve(__dirname, '..');
const WARN_BYTES = 3 * 1024 * 1024; // the server warns above this
const REFUSE_BYTES = 5 * 1024 * 1024; // and refuses above this

export interface PackResult {
  tarball: string;
  bundleBytes: number;
  tarballBytes: number;
}

/** Bundles the piece into `outfile` (`optimised` unless told: what the tarball ships); returns its size. */
export async function bundlePiece(outfile: string, mode: BundleMode = 'optimised'): Promise<number> {
  return (await bundle({ entry: join(ROOT, 'src/index.ts'), outfile, mode })).bytes;
}

export async function packPiece(outDir = join(ROOT, 'dist'), mode: BundleMode = 'optimised'): Promise<PackResult> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const staging = mkdtempSync(join(tmpdir(), 'vault-piece-pack-'));
  try {
    const bundleBytes = await bundlePiece(join(staging, 'src/index.js'), mode);
    if (bundleBytes > REFUSE_BYTES) throw new Error(`bundle is ${mb(bundleBytes)}: Activepieces refuses pieces above 5 MB`);

    writeFileSync(
      join(staging, 'package.json'),
      JSON.stringify(
        {
          name: pkg.name,
          version: pkg.version,
          description: pkg.description,
          license: pkg.license,
          main: './src/index.js',
          engines: pkg.engines,
          dependencies: {},
        },
        null,
        2,
      ) + '\n',
    );
    copyIfPresent(join(ROOT, 'README.md'), join(staging, 'README.md'));
    mkdirSync(join(staging, 'assets'), { recursive: true });
    copyIfPresent(join(ROOT, 'assets/logo.png'), join(staging, 'assets/logo.png'));
    copyIfPresent(join(ROOT, 'assets/logo.svg'), join(staging, 'assets/logo.svg'));
    copyTranslations(join(staging, 'src/i18n'));

    mkdirSync(outDir, { recursive: true });
    for (const old of readdirSync(outDir)) if (old.endsWith('.tgz')) rmSync(join(outDir, old));
    const stdout = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], {
      cwd: staging,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    const name = stdout.trim().split('\n').pop() ?? '';
    const tarball = join(outDir, name);
    if (!name.endsWith('.tgz') || !existsSync(tarball)) throw new Error(`npm pack did not report a tarball (got: ${stdout.trim()})`);
    return { tarball, bundleBytes, tarballBytes: statSync(tarball).size };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `src/i18n/*.json` as they are: `translation.json` (the English source) and one file per locale. */
function copyTranslations(to: string): void {
  const from = join(ROOT, 'src/i18n');
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) if (file.endsWith('.json')) copyFileSync(join(from, file), join(to, file));
}

function copyIfPresent(from: string, to: string): void {
  if (existsSync(from)) copyFileSync(from, to);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out-dir');
  const outDir = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : undefined;
  const result = await packPiece(outDir);
  console.log(`bundle  src/index.js ${mb(result.bundleBytes)}`);
  console.log(`tarball ${result.tarball} ${mb(result.tarballBytes)}`);
  if (result.bundleBytes > WARN_BYTES) console.warn(`warning: the bundle is above 3 MB; Activepieces warns at this size`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`pack failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

/**
 * Cold start: what a fresh engine process pays to load the piece, ours against a trivial
 * piece (`bench/trivial-piece`) bundled with the same settings, plain (the plain esbuild settings) and
 * optimised (`scripts/bundle.ts`, what `npm run pack` ships).
 *
 * For each of the four bundles, in rounds (order rotated per round), fresh Node processes
 * (`bench/load-probe.js`, run from a temp folder with nothing on the module path):
 *   - require(): the bundle's require() alone;
 *   - first validate: require(), find the piece, metadata(), then the connection's validate against
 *     the dev server (in this process, AppRole for ours; the trivial piece's validate makes one GET).
 * Reported as median (min–max) per bundle, and ratios paired per round.
 *
 * `npm run bench -- --only=load` runs this alone and updates `load` in bench/results.json.
 * BENCH_LOAD_ROUNDS (7) changes the rounds; BENCH_NODE runs the probes under another Node binary.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVaultDevServer } from '../dev/server';
import { bundle, type BundleMode, ENTRY } from '../scripts/bundle';
import { prepare } from './prepare';
import { runProbe } from '../scripts/run-probe';
import { type Stat, stat } from './stat';

const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 7);
const TRIVIAL_ENTRY = join(__dirname, 'trivial-piece/index.ts');

/**
 * Load time is gated as a ratio measured in the same run (a trivial piece bundled the usual way is
 * the yardstick), not in milliseconds: the same bundle took 90 ms on one day's VM and 264 ms on another's.
 */
export const LOAD_TARGETS = { requireOverTrivialPlainMax: 0.75, bundleBytesMax: 1_000_000 };


type Piece = 'ours' | 'trivial';
interface Contender {
  piece: Piece;
  mode: BundleMode;
  key: string;
  path: string;
  bytes: number;
}

interface ProbeOut {
  node: string;
  requireMs: number;
  metadataMs: number;
  validateMs?: number;
  firstValidateMs?: number;
  valid?: boolean;
  error?: string;
  crashed?: string;
}

async function probe(work: string, input: Record<string, unknown>): Promise<ProbeOut> {
  const out = await runProbe<ProbeOut>({ cwd: work, script: 'load-probe.js', input, node: process.env.BENCH_NODE });
  if (out.crashed) throw new Error(`load probe crashed: ${out.crashed}`);
  return out;
}

export interface LoadResults {
  node: string;
  rounds: number;
  bundleBytes: Record<string, number>;
  requireMs: Record<string, Stat>;
  firstValidateMs: Record<string, Stat>;
  ratios: Record<string, Stat>;
}

export async function loadBench(): Promise<{ results: LoadResults; lines: string[]; check: Record<string, boolean> }> {
  const work = mkdtempSync(join(tmpdir(), 'vault-load-bench-'));
  const vault = await startVaultDevServer({ rootToken: 'bench-root' });
  try {
    copyFileSync(join(__dirname, 'load-probe.js'), join(work, 'load-probe.js'));
    const contenders: Contender[] = [];
    for (const piece of ['ours', 'trivial'] as const) {
      for (const mode of ['plain', 'optimised'] as const) {
        const key = `${piece}/${mode}`;
        const dir = join(work, piece, mode);
        mkdirSync(dir, { recursive: true });
        const path = join(dir, 'index.js');
        const { bytes } = await bundle({ entry: piece === 'ours' ? ENTRY : TRIVIAL_ENTRY, outfile: path, mode });
        contenders.push({ piece, mode, key, path, bytes });
      }
    }

    const f = await prepare(vault.url, vault.rootToken, undefined, () => vault.clearRequests());
    await f.setupPool.close();
    const authFor = (piece: Piece) =>
      piece === 'ours' ? { url: f.url, authMethod: 'appRole', roleId: f.roleId, secretId: f.secretId } : { url: f.url, token: '' };

    const req: Record<string, number[]> = Object.fromEntries(contenders.map((c) => [c.key, []]));
    const val: Record<string, number[]> = Object.fromEntries(contenders.map((c) => [c.key, []]));
    let node = '';
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(k + r) % contenders.length];
        const a = await probe(work, { bundle: c.path });
        req[c.key].push(a.requireMs);
        node = a.node;
      }
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(k + r) % contenders.length];
        const v = await probe(work, { bundle: c.path, validate: true, auth: authFor(c.piece) });
        if (!v.valid) throw new Error(`${c.key}: validate failed: ${v.error}`);
        val[c.key].push(v.firstValidateMs!);
      }
      vault.clearRequests();
    }

    const paired = (s: Record<string, number[]>, a: string, b: string) => stat(s[a].map((v, i) => v / s[b][i]));
    const results: LoadResults = {
      node,
      rounds: ROUNDS,
      bundleBytes: Object.fromEntries(contenders.map((c) => [c.key, c.bytes])),
      requireMs: Object.fromEntries(contenders.map((c) => [c.key, stat(req[c.key])])),
      firstValidateMs: Object.fromEntries(contenders.map((c) => [c.key, stat(val[c.key])])),
      ratios: {
        'require: ours/trivial, plain': paired(req, 'ours/plain', 'trivial/plain'),
        'require: ours/trivial, optimised': paired(req, 'ours/optimised', 'trivial/optimised'),
        'require: ours optimised / trivial plain': paired(req, 'ours/optimised', 'trivial/plain'),
        'require: ours optimised / ours plain': paired(req, 'ours/optimised', 'ours/plain'),
        'first validate: ours/trivial, plain': paired(val, 'ours/plain', 'trivial/plain'),
        'first validate: ours/trivial, optimised': paired(val, 'ours/optimised', 'trivial/optimised'),
        'first validate: ours optimised / trivial plain': paired(val, 'ours/optimised', 'trivial/plain'),
        'first validate: ours optimised / ours plain': paired(val, 'ours/optimised', 'ours/plain'),
      },
    };

    const fmt = (s: Stat) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
    const fr = (s: Stat) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
    const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
    const lines: string[] = [];
    lines.push(`| cold start, fresh Node ${node} process, ms: median (min–max) of ${ROUNDS} | ours | trivial piece | ours / trivial |`);
    lines.push('|---|---|---|---|');
    for (const mode of ['plain', 'optimised'] as const) {
      const o = `ours/${mode}`;
      const t = `trivial/${mode}`;
      lines.push(`| bundle size, ${mode} | ${kb(results.bundleBytes[o])} | ${kb(results.bundleBytes[t])} | ${(results.bundleBytes[o] / results.bundleBytes[t]).toFixed(2)} |`);
      lines.push(`| require(), ${mode} | ${fmt(results.requireMs[o])} | ${fmt(results.requireMs[t])} | ${fr(results.ratios[`require: ours/trivial, ${mode}`])} |`);
      lines.push(`| require() to first validate, ${mode} | ${fmt(results.firstValidateMs[o])} | ${fmt(results.firstValidateMs[t])} | ${fr(results.ratios[`first validate: ours/trivial, ${mode}`])} |`);
    }
    lines.push('');
    lines.push(`require(), ours optimised / trivial plain: ${fr(results.ratios['require: ours optimised / trivial plain'])}; ours optimised / ours plain: ${fr(results.ratios['require: ours optimised / ours plain'])}`);
    lines.push(`first validate, ours optimised / trivial plain: ${fr(results.ratios['first validate: ours optimised / trivial plain'])}; ours optimised / ours plain: ${fr(results.ratios['first validate: ours optimised / ours plain'])}`);
    const check = {
      [`require() of the packed bundle <= ${LOAD_TARGETS.requireOverTrivialPlainMax} x a trivial piece bundled plain (median of paired rounds)`]:
        results.ratios['require: ours optimised / trivial plain'].median <= LOAD_TARGETS.requireOverTrivialPlainMax,
      'bundle <= 1.0 MB': results.bundleBytes['ours/optimised'] <= LOAD_TARGETS.bundleBytesMax,
    };
    return { results, lines, check };
  } finally {
    await vault.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

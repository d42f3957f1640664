/** Runs the project's command-line entry points (`npm start`, `npm run dev-server`) as child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without any VAULT_* variable from the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VAULT_')) env[k] = v;
  return { ...env, ...extra };
}

/**
 * The script compiled once to one CommonJS file: each run then skips tsx's per-start transform
 * (the runs stay the same program, only faster to start).
 */
export function bundleScript(script: string): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'vault-cli-')), 'script.cjs');
  buildSync({ entryPoints: [join(ROOT, script)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'error' });
  return outfile;
}

/**
 * Runs `tsx <script> ...args` (or `node <file>` for a `.cjs` from `bundleScript`) to completion,
 * killed after `timeoutMs`.
 */
export function runScript(script: string, args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [cmd, first] = script.endsWith('.cjs') ? [process.execPath, script] : [TSX, script];
    const child = spawn(cmd, [first, ...args], { cwd: ROOT, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts a long-running script and resolves once its stdout matches `ready`. One process
 * (`node --import tsx`), so a signal reaches the script itself: tsx's CLI relays signals to a child
 * and exits 143 when the child does not acknowledge within 30 ms, which a busy machine misses.
 */
export function startScript(script: string, args: string[], ready: RegExp, timeoutMs = 20_000): Promise<{ child: ChildProcess; stdout: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: cleanEnv({}) });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not print ${ready} in time; stdout: ${out}; stderr: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, stdout: () => out });
      }
    });
    child.on('error', reject);
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

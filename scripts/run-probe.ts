/**
 * Runs a probe script in a fresh Node process, the way the engine loads a piece: its own folder,
 * nothing on the module path, the input as JSON in PROBE_INPUT; the probe prints one JSON line.
 * Asynchronous on purpose: a dev server in the calling process must keep answering meanwhile.
 * Shared by the bundle tests and the cold-start benchmark.
 */
import { spawn } from 'node:child_process';

export function runProbe<T = any>(opts: { cwd: string; script: string; input: Record<string, unknown>; node?: string }): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.node || process.execPath, [opts.script], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH, NODE_PATH: '', PROBE_INPUT: JSON.stringify(opts.input) },
    });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a multi-byte character split across two chunks must not become U+FFFD.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{')) reject(new Error(`${opts.script} printed no JSON (status ${status}): ${stderr}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

/**
 * The dev server in a child process of its own (`dev/cli.ts`), as real Vault runs: its work is done
 * on another core, not inside the measured process.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerProcess {
  url: string;
  rootToken: string;
  /** The CA that signed the server's certificate (TLS only). */
  caPem?: string;
  stop(): void;
}

export async function startServerProcess(opts: { tls?: boolean; rootToken?: string } = {}): Promise<ServerProcess> {
  const rootToken = opts.rootToken ?? 'root';
  const args = ['--import', 'tsx', join(__dirname, '../dev/cli.ts'), '--port', '0', '--root-token', rootToken, ...(opts.tls ? ['--tls'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  // The banner ends with the root token, or with the CA path when TLS is on.
  const banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (opts.tls ? /CA certificate: \S+/.test(out) : /Root Token: \S+/.test(out)) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`dev server exited with ${code}`)));
  });
  const url = /Api Address: (\S+)/.exec(banner)![1];
  const caPath = /CA certificate: (\S+)/.exec(banner)?.[1];
  return { url, rootToken, caPem: caPath ? readFileSync(caPath, 'utf8') : undefined, stop: () => child.kill('SIGTERM') };
}

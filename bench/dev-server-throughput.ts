/**
 * KV v2 reads per second against the dev server over loopback. The server runs alone in a child
 * process (one core, as `npm run dev-server` would), the load comes from this process, with a
 * policy-limited token so the ACL check is on the path.
 * Run: `npx tsx bench/dev-server-throughput.ts [seconds] [connections]`.
 */
import { Pool } from 'undici';
import type { VaultDevServer } from '../dev/server';
import { createToken, kvPut, writePolicy } from '../test/helpers/vault-setup';
import { startServerProcess } from './server-process';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const connections = Number(process.argv[3] ?? 16);
  const server = await startServerProcess({ rootToken: 'root' });
  // The setup helpers only need the address and the root token.
  const vault = { url: server.url, rootToken: server.rootToken } as VaultDevServer;
  try {
    await writePolicy(vault, 'bench', 'path "secret/data/bench/*" { capabilities = ["read"] }');
    const token = await createToken(vault, { policies: ['bench'] });
    await kvPut(vault, 'secret', 'bench/item', { user: 'svc', password: 'not-a-real-password' });
    const pool = new Pool(server.url, { connections });
    const read = async () => {
      const res = await pool.request({ method: 'GET', path: '/v1/secret/data/bench/item', headers: { 'x-vault-token': token } });
      await res.body.text();
      return res.statusCode === 200;
    };
    // warm-up
    await Promise.all(Array.from({ length: 500 }, read));
    let done = 0;
    let failed = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: connections * 2 }, async () => {
        while (Date.now() < deadline) (await read()) ? done++ : failed++;
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    await pool.close();
    process.stdout.write(`${Math.round(done / elapsed)} KV v2 reads/s (${done} reads, ${failed} failed, ${elapsed.toFixed(1)}s, ${connections} connections)\n`);
  } finally {
    server.stop();
  }
}

void main();

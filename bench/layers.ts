/**
 * Where our cold read's cost over the floor goes: the read path layer by layer against a raw
 * undici GET, with the dev server in a process of its own. Prints, per layer, wall time and this
 * process's CPU per read, and both as ratios to the floor (paired per round, median).
 * Client CPU is the steadier figure on a shared machine (about ±1% between runs).
 * Run: `npx tsx bench/layers.ts [rounds=60] [--tls]`.
 */
import { Pool } from 'undici';
import { parseConnection } from '../src/lib/vault/connection/parse';
import { createVaultClient } from '../src/lib/vault/client';
import { createVaultHttp } from '../src/lib/vault/http';
import { kv2ReadSchema } from '../src/lib/vault/kv/schemas';
import { prepare } from './prepare';
import { startServerProcess } from './server-process';

const READS_PER_BLOCK = 100;

async function main(): Promise<void> {
  const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 60);
  const tls = process.argv.includes('--tls');
  const server = await startServerProcess({ tls, rootToken: 'bench-root' });
  try {
    const f = await prepare(server.url, server.rootToken, server.caPem, () => undefined);
    const config = parseConnection({ url: f.url, authMethod: 'appRole', roleId: f.roleId, secretId: f.secretId, caCertificate: f.tlsOpts.ca, cacheTtlSeconds: 0 });
    const floorPool = new Pool(f.url, { connect: f.tlsOpts });
    const http = createVaultHttp(config);
    const client = createVaultClient(config);
    const path = (i: number) => `secret/data/bench/s${i % 100}`;
    const layers: Record<string, (i: number) => Promise<unknown>> = {
      floor: async (i) => (await floorPool.request({ path: `/v1/${path(i)}`, method: 'GET', headers: { 'x-vault-token': f.token } })).body.json(),
      'http layer': (i) => http.request({ method: 'GET', path: path(i) }, f.token),
      '+ answer check': (i) => http.request({ method: 'GET', path: path(i), schema: kv2ReadSchema }, f.token),
      '+ token session (client.request)': (i) => client.request({ method: 'GET', path: path(i), schema: kv2ReadSchema, access: 'read' }),
      '+ KV layer (kv.read)': (i) => client.kv.read(`secret/bench/s${i % 100}`),
    };
    const names = Object.keys(layers);
    for (const name of names) for (let i = 0; i < 1_000; i++) await layers[name](i);
    const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        const cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < READS_PER_BLOCK; i++) await layers[name](i);
        wall[name].push(Number(process.hrtime.bigint() - t0) / 1000 / READS_PER_BLOCK);
        const used = process.cpuUsage(cpu0);
        cpu[name].push((used.user + used.system) / READS_PER_BLOCK);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = (xs: number[], base: number[]) => median(xs.map((v, r) => v / base[r]));
    console.log(`${rounds} rounds × ${READS_PER_BLOCK} reads, ${tls ? 'HTTPS' : 'HTTP'}, server in its own process`);
    console.log('| layer | wall µs | client CPU µs | wall / floor | CPU / floor |\n|---|---|---|---|---|');
    for (const name of names) {
      console.log(`| ${name} | ${median(wall[name]).toFixed(1)} | ${median(cpu[name]).toFixed(1)} | ${ratio(wall[name], wall.floor).toFixed(3)} | ${ratio(cpu[name], cpu.floor).toFixed(3)} |`);
    }
    await Promise.all([floorPool.close(), http.close(), client.close(), f.setupPool.close()]);
  } finally {
    server.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

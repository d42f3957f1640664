/**
 * Cached `read_secret` runs through the action, the way the engine runs a step: wrapped auth, a
 * new context (and auth object) per run, the project store. Next to it, the client's own cached
 * read, so the per-run cost of the action layer shows as a ratio.
 * Run: `npx tsx bench/action-reads.ts` (also part of `npm run bench`).
 */
import { createMockActionContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { startVaultDevServer } from '../dev/server';
import { readSecret } from '../src/lib/actions/read-secret';
import { clientFor } from '../src/lib/common/client';
import { closeAllVaultClients } from '../src/lib/vault/registry';
import { prepare } from './prepare';

const SECONDS_PER_SAMPLE = 0.5;
const SAMPLES = 7;

/** A store like the engine's (a map behind an async API). */
class EngineStore {
  private readonly data = new Map<string, string>();
  async get<T>(key: string, scope?: string): Promise<T | null> {
    const v = this.data.get(`${scope}:${key}`);
    return v === undefined ? null : (JSON.parse(v) as T);
  }
  async put<T>(key: string, value: T, scope?: string): Promise<T> {
    this.data.set(`${scope}:${key}`, JSON.stringify(value));
    return value;
  }
  async delete(key: string, scope?: string): Promise<void> {
    this.data.delete(`${scope}:${key}`);
  }
}

async function perSecond(work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20_000; i++) await work(i);
  const rates: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    let n = 0;
    const until = performance.now() + SECONDS_PER_SAMPLE * 1000;
    while (performance.now() < until) for (let k = 0; k < 100; k++) await work(n++);
    rates.push(n / SECONDS_PER_SAMPLE);
  }
  return rates.sort((a, b) => a - b);
}

export interface ActionReadFigures {
  actionRunsPerSecond: number;
  clientReadsPerSecond: number;
}

export async function measureActionReads(log: (line: string) => void = console.log): Promise<ActionReadFigures> {
  const vault = await startVaultDevServer({ rootToken: 'bench-root' });
  try {
    const f = await prepare(vault.url, vault.rootToken, undefined, () => vault.clearRequests());
    const props = { url: f.url, authMethod: 'appRole', roleId: f.roleId, secretId: f.secretId, cacheTtlSeconds: 3600 };
    const store = new EngineStore();
    const runAction = (i: number) => {
      const ctx: any = createMockActionContext({ propsValue: { reference: `secret/data/bench/s${i % 100}/password` } as any });
      ctx.auth = { type: AppConnectionType.CUSTOM_AUTH, props: { ...props } };
      ctx.store = store;
      return readSecret.run(ctx);
    };
    const client = clientFor(props);
    const clientRead = (i: number) => client.kv.read(`secret/bench/s${i % 100}`);
    const action = await perSecond(runAction);
    const direct = await perSecond(clientRead);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
    const figures = { actionRunsPerSecond: Math.round(median(action)), clientReadsPerSecond: Math.round(median(direct)) };
    log(`cached read_secret through the action: ${figures.actionRunsPerSecond.toLocaleString('en')} runs/s (range ${Math.round(action[0]).toLocaleString('en')}-${Math.round(action[action.length - 1]).toLocaleString('en')})`);
    log(`the client's own cached read:          ${figures.clientReadsPerSecond.toLocaleString('en')} reads/s`);
    await f.setupPool.close();
    return figures;
  } finally {
    await closeAllVaultClients();
    await vault.stop();
  }
}

if (require.main === module) void measureActionReads();

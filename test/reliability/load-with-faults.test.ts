/**
 * 2,000 operations (reads, merge writes, lists) from 100 concurrent callers while
 * the dev server injects 5xx, dropped connections, 429s with Retry-After and 307s to another
 * address of the cluster. Every operation succeeds or fails with a clear error, nothing is left
 * unhandled, every successful merge's key is there at the end, sockets stay bounded and the heap
 * returns to its baseline once the clients are closed.
 */
import { getSecret } from '../../src/lib/actions/get-secret';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { eventually, heapAfterGc, pool, startForwarder, unclearError, watchUnhandledRejections } from './support';
import { rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';

const CALLERS = 100;
const OPS_PER_CALLER = 20;
const SECRETS = 5;

let vault: VaultDevServer;
let otherNode: Awaited<ReturnType<typeof startForwarder>>;

beforeAll(async () => {
  vault = await startVault();
  otherNode = await startForwarder(vault.port);
});
afterAll(async () => {
  await closeAllVaultClients();
  await otherNode.stop();
  await vault.stop();
});

function injectFaults(): void {
  const forever = 1_000_000;
  // Checked in this order, each with its own chance.
  vault.inject({ probability: 0.02, times: forever, redirectTo: otherNode.url });
  vault.inject({ probability: 0.03, times: forever, status: 429, headers: { 'Retry-After': '1' } });
  for (const status of [500, 502, 504]) vault.inject({ probability: 0.025, times: forever, status });
  vault.inject({ probability: 0.025, times: forever, status: 503, body: { errors: ['upstream unavailable'] } });
  vault.inject({ probability: 0.05, times: forever, drop: true });
}

interface Outcome {
  ok: number;
  failed: number;
  unclear: string[];
  mergedKeys: Map<number, string[]>;
}

async function runLoad(prefix: string, auth: Record<string, unknown>, callerCount = CALLERS, opsPerCaller = OPS_PER_CALLER): Promise<Outcome & { maxOpen: number }> {
  const outcome: Outcome = { ok: 0, failed: 0, unclear: [], mergedKeys: new Map() };
  let maxOpen = 0;
  const sampler = setInterval(() => (maxOpen = Math.max(maxOpen, vault.openConnections())), 5);
  const callers = Array.from({ length: callerCount }, (_, i) => i);
  try {
    await pool(callers, callerCount, async (caller) => {
      for (let op = 0; op < opsPerCaller; op++) {
        const n = (caller + op) % SECRETS;
        const path = `secret/${prefix}/s${n}`;
        const key = `c${caller}_${op}`;
        try {
          switch ((caller * 7 + op) % 10) {
            case 0:
            case 1:
            case 2:
            case 3:
              await runAction(getSecret, auth, { path });
              break;
            case 4:
            case 5:
            case 6: {
              await runAction(writeSecret, auth, { path, data: { [key]: `v-${caller}-${op}` }, mode: 'merge' });
              const list = outcome.mergedKeys.get(n) ?? [];
              list.push(key);
              outcome.mergedKeys.set(n, list);
              break;
            }
            default:
              await runAction(listSecrets, auth, { path: `secret/${prefix}/` });
          }
          outcome.ok++;
        } catch (e) {
          outcome.failed++;
          const why = unclearError(e, vault.url);
          if (why) outcome.unclear.push(why);
        }
      }
    });
  } finally {
    clearInterval(sampler);
  }
  return { ...outcome, maxOpen };
}

async function seed(prefix: string): Promise<void> {
  for (let n = 0; n < SECRETS; n++) {
    const res = await rootRequest(vault, 'POST', `secret/data/${prefix}/s${n}`, { data: { seed: 'x' } });
    expect(res.status).toBe(200);
  }
}

async function missingKeys(prefix: string, merged: Map<number, string[]>): Promise<string[]> {
  const missing: string[] = [];
  for (const [n, keys] of merged) {
    const res = await rootRequest(vault, 'GET', `secret/data/${prefix}/s${n}`);
    const data = res.body.data.data as Record<string, string>;
    for (const k of keys) if (!(k in data)) missing.push(`s${n}.${k}`);
    if (data.seed !== 'x') missing.push(`s${n}.seed`);
  }
  return missing;
}

function authFor(): Record<string, unknown> {
  return {
    url: vault.url,
    authMethod: 'token',
    token: vault.rootToken,
    cacheTtlSeconds: 0,
    allowedRedirectAddresses: otherNode.url,
    maxRetries: 8,
    requestTimeoutSeconds: 5,
    connectTimeoutSeconds: 2,
    retryBudgetSeconds: 20,
  };
}

it('2,000 operations from 100 callers under 5xx, drops, 429 and 307: nothing lost, nothing leaked', async () => {
  await seed('load');
  const rejections = watchUnhandledRejections();
  // Warm up the client (pool, mount discovery) so the baseline includes what stays by design.
  await runAction(getSecret, authFor(), { path: 'secret/load/s0' });
  await closeAllVaultClients();
  const heapBefore = heapAfterGc();
  const acceptedBefore = vault.connectionsAccepted();
  // The setup helpers keep their own keep-alive sockets: those are the floor.
  const openBefore = vault.openConnections();
  vault.clearRequests();

  injectFaults();
  const result = await runLoad('load', authFor());
  vault.clearFaults();

  const faults = vault.requests.filter((r) => (r as { fault?: string }).fault);
  const byFault = (f: string) => faults.filter((r) => (r as { fault?: string }).fault === f).length;
  const accepted = vault.connectionsAccepted() - acceptedBefore;

  await closeAllVaultClients();
  const socketsClosed = await eventually(() => vault.openConnections() <= openBefore);
  const missing = await missingKeys('load', result.mergedKeys);
  const heapAfter = heapAfterGc();
  rejections.stop();

  console.log(
    `load: ${result.ok} ok, ${result.failed} failed, requests ${vault.requests.length}, faults: ` +
      `redirect ${byFault('redirect')}, status ${byFault('status')}, drop ${byFault('drop')}; ` +
      `max open sockets ${result.maxOpen}, connections accepted ${accepted}; ` +
      `heap before ${(heapBefore / 1e6).toFixed(1)} MB, after ${(heapAfter / 1e6).toFixed(1)} MB`,
  );

  expect(result.ok + result.failed).toBe(CALLERS * OPS_PER_CALLER);
  expect(result.unclear).toEqual([]);
  expect(rejections.reasons).toEqual([]);
  expect(missing).toEqual([]);
  // The faults really happened, and retries absorbed nearly all of them.
  expect(byFault('redirect')).toBeGreaterThan(0);
  expect(byFault('drop')).toBeGreaterThan(0);
  expect(byFault('status')).toBeGreaterThan(0);
  expect(result.ok).toBeGreaterThan(CALLERS * OPS_PER_CALLER * 0.95);
  // At most one socket per concurrent caller (plus the other node's), and all of them closed.
  expect(result.maxOpen).toBeLessThanOrEqual(CALLERS * 2 + 10);
  expect(socketsClosed).toBe(true);
  expect(heapAfter - heapBefore).toBeLessThan(40 * 1024 * 1024);
});

it('merges through check-and-set (Vault without PATCH) lose no key under the same faults', async () => {
  await seed('cas');
  vault.setPatchSupported(false);
  const rejections = watchUnhandledRejections();
  try {
    injectFaults();
    // Smaller: 100 callers racing on 5 secrets through read + cas-write is slow by nature.
    const result = await runLoad('cas', authFor(), 25, 12);
    vault.clearFaults();
    await closeAllVaultClients();
    rejections.stop();
    expect(result.unclear).toEqual([]);
    expect(rejections.reasons).toEqual([]);
    expect(await missingKeys('cas', result.mergedKeys)).toEqual([]);
    expect(result.ok).toBeGreaterThan(25 * 12 * 0.9);
    expect([...result.mergedKeys.values()].flat().length).toBeGreaterThan(50);
  } finally {
    vault.clearFaults();
    vault.setPatchSupported(true);
    rejections.stop();
  }
});

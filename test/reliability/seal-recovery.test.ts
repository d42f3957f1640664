/**
 * Vault sealed in the middle of a run, then unsealed: the failures in between say "sealed", and
 * the same clients recover without a restart. Also: a standby, a DR secondary and an
 * uninitialised cluster are told apart through sys/health.
 */
import { getSecret } from '../../src/lib/actions/get-secret';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { unclearError, watchUnhandledRejections } from './support';
import { createAppRole, kvPut, startVault, type VaultDevServer, writePolicy } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;
let auth: Record<string, unknown>;

beforeAll(async () => {
  vault = await startVault();
  await writePolicy(vault, 'app-rw', 'path "secret/*" { capabilities = ["create", "read", "update", "patch", "list", "delete"] }\npath "sys/internal/ui/mounts/*" { capabilities = ["read"] }');
  const { roleId, secretId } = await createAppRole(vault, { role: 'app', policies: ['app-rw'], tokenTtl: '1h' });
  auth = { url: vault.url, authMethod: 'appRole', roleId, secretId, cacheTtlSeconds: 0, maxRetries: 2, retryBudgetSeconds: 1, requestTimeoutSeconds: 2 };
  await kvPut(vault, 'secret', 'run/a', { v: '1' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});
afterEach(() => {
  vault.unseal();
  vault.clearFaults();
  vault.setHealth({ standby: false, performanceStandby: false, drSecondary: false, initialized: true });
});

type Phase = 'before' | 'sealed' | 'after';

interface Op {
  phase: Phase;
  endPhase: Phase;
  ok: boolean;
  error?: unknown;
}

it('fails with "sealed" while sealed and recovers after unseal, with no restart', async () => {
  const rejections = watchUnhandledRejections();
  let phase: Phase = 'before';
  const ops: Op[] = [];
  const count = (p: Phase, ok?: boolean) => ops.filter((o) => o.phase === p && (ok === undefined || o.ok === ok)).length;
  let stop = false;

  async function caller(id: number): Promise<void> {
    for (let i = 0; !stop; i++) {
      const started = phase;
      try {
        if (i % 3 === 0) await runAction(getSecret, auth, { path: 'secret/run/a' });
        else if (i % 3 === 1) await runAction(writeSecret, auth, { path: 'secret/run/a', data: { [`k${id}`]: `${i}` } });
        else await runAction(listSecrets, auth, { path: 'secret/run/' });
        ops.push({ phase: started, endPhase: phase, ok: true });
      } catch (e) {
        ops.push({ phase: started, endPhase: phase, ok: false, error: e });
      }
      // Phases move on events, never on time.
      if (phase === 'before' && count('before', true) >= 60) {
        vault.seal();
        phase = 'sealed';
      } else if (phase === 'sealed' && count('sealed', false) >= 20) {
        vault.unseal();
        phase = 'after';
      } else if (phase === 'after' && count('after', true) >= 60) {
        stop = true;
      }
    }
  }

  const loginsBefore = vault.count({ path: 'auth/approle/login' });
  await Promise.all(Array.from({ length: 10 }, (_, id) => caller(id)));
  rejections.stop();

  const failures = ops.filter((o) => !o.ok);
  expect(failures.length).toBeGreaterThanOrEqual(20);
  for (const f of failures) {
    expect(unclearError(f.error, vault.url)).toBeUndefined();
    expect((f.error as Error).message).toMatch(/sealed/i);
    expect((f.error as Error).message).toMatch(/unseal/i);
  }
  // Everything that started while sealed and ended before the unseal failed; everything started after it worked.
  expect(ops.filter((o) => o.phase === 'sealed' && o.endPhase === 'sealed' && o.ok)).toEqual([]);
  expect(count('after', false)).toBe(0);
  expect(count('after', true)).toBeGreaterThanOrEqual(60);
  // One client (no new one, no restart) logged in once and kept its login across the seal.
  expect(vault.count({ path: 'auth/approle/login' })).toBe(loginsBefore + 1);
  expect(rejections.reasons).toEqual([]);
});

it('a login attempted while sealed fails with "sealed", and the next run logs in', async () => {
  const fresh = { ...auth, requestTimeoutSeconds: 3 };
  vault.seal();
  const e = await runFailing(getSecret, fresh, { path: 'secret/run/a' });
  expect(e.message).toMatch(/sealed/i);
  expect(unclearError(e, vault.url)).toBeUndefined();
  vault.unseal();
  const out = await runAction(getSecret, fresh, { path: 'secret/run/a' });
  expect(out.data.v).toBe('1');
});

describe('sys/health tells the cluster state apart after server errors', () => {
  const tokenAuth = () => ({ url: vault.url, authMethod: 'token', token: vault.rootToken, cacheTtlSeconds: 0, maxRetries: 1, retryBudgetSeconds: 1 });
  const failWith500 = () => vault.inject({ path: 'secret/data/run/a', status: 500, times: 10 });

  it('standby node', async () => {
    vault.setHealth({ standby: true });
    failWith500();
    const e = await runFailing(getSecret, tokenAuth(), { path: 'secret/run/a' });
    expect(e.message).toMatch(/standby/i);
  });

  it('disaster-recovery secondary', async () => {
    vault.setHealth({ drSecondary: true });
    failWith500();
    const e = await runFailing(getSecret, tokenAuth(), { path: 'secret/run/a' });
    expect(e.message).toMatch(/disaster-recovery secondary/i);
  });

  it('uninitialised cluster', async () => {
    vault.setHealth({ initialized: false });
    failWith500();
    const e = await runFailing(getSecret, tokenAuth(), { path: 'secret/run/a' });
    expect(e.message).toMatch(/not initiali[sz]ed/i);
  });

  it('active node: a plain server error, not mislabelled', async () => {
    failWith500();
    const e = await runFailing(getSecret, tokenAuth(), { path: 'secret/run/a' });
    expect(e.message).toMatch(/server error \(500\)/);
    expect(e.message).not.toMatch(/sealed|standby|initiali/i);
  });
});

it('a hung Vault fails the step with a clear timeout error, and the next step works', async () => {
  vault.inject({ path: 'secret/data/run/a', hang: true, times: 1 });
  const hungAuth = { url: vault.url, authMethod: 'token', token: vault.rootToken, cacheTtlSeconds: 0, maxRetries: 0, requestTimeoutSeconds: 1 };
  const e = await runFailing(getSecret, hungAuth, { path: 'secret/run/a' });
  expect(e.message).toMatch(/did not answer within 1 s/);
  expect(unclearError(e, vault.url)).toBeUndefined();
  const out = await runAction(getSecret, hungAuth, { path: 'secret/run/a' });
  expect(out.data.v).toBe('1');
});

/**
 * Inside the engine, `context.store` is the Activepieces server's store API. It only carries the
 * cache-invalidation markers, so a store that throws, hangs or answers garbage must never fail a
 * step: every action still does its Vault work, says so once in the step's log, and a cached value
 * is trusted for at most STORE_OUTAGE_TRUST_SECONDS while the store cannot be read.
 */
import { clearCache } from '../../src/lib/actions/clear-cache';
import { deleteSecret } from '../../src/lib/actions/delete-secret';
import { getSecret } from '../../src/lib/actions/get-secret';
import { readSecret } from '../../src/lib/actions/read-secret';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { STORE_TIMEOUT_MS } from '../../src/lib/common/marker-store';
import { resolveReferencesAction } from '../../src/lib/references';
import { STORE_OUTAGE_TRUST_SECONDS } from '../../src/lib/vault/invalidation';
import { enableKv, kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, runAction } from '../helpers/engine';

let vault: VaultDevServer;
let warnings: string[];

/** A store the engine's server cannot serve: every call fails, never answers, or answers garbage. */
class FailingStore extends MemoryStore {
  calls = 0;
  constructor(private readonly how: 'throw' | 'hang' | 'garbage') {
    super();
  }
  private fail<T>(): Promise<T> {
    this.calls++;
    if (this.how === 'hang') return new Promise<T>(() => undefined);
    return Promise.reject(new Error('store API answered 500: Internal Server Error'));
  }
  override async get<T>(key: string, scope?: unknown): Promise<T | null> {
    if (this.how === 'garbage') {
      this.calls++;
      return '<html>bad gateway</html>' as T;
    }
    return this.fail<T>();
  }
  override async put<T>(key: string, value: T, scope?: unknown): Promise<T> {
    return this.how === 'garbage' ? super.put(key, value, scope) : this.fail<T>();
  }
}

let ttl = 900;
function cachedAuth() {
  ttl += 1; // a distinct connection (and client) per test
  return rootAuth(vault, { cacheTtlSeconds: ttl });
}

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv2', 2);
});
afterAll(async () => {
  await vault?.stop();
});
beforeEach(() => {
  warnings = [];
  jest.spyOn(console, 'warn').mockImplementation((line: string) => void warnings.push(line));
});
afterEach(() => jest.restoreAllMocks());

describe.each(['throw', 'hang', 'garbage'] as const)('a store that %s', (how) => {
  it('fails no step: read, write, delete, clear and resolve still do their Vault work, with one log line per step and no secret', async () => {
    const auth = cachedAuth();
    const store = new FailingStore(how);
    const path = `outage-${how}/db`;
    const started = Date.now();

    await runAction(writeSecret, auth, { path: `kv2/${path}`, data: { password: 'store-down-pass-1' } }, { store });
    expect((await runAction(getSecret, auth, { path: `kv2/${path}` }, { store })).data.password).toBe('store-down-pass-1');
    expect((await runAction(readSecret, auth, { reference: `kv2/data/${path}/password` }, { store })).value).toBe('store-down-pass-1');
    const resolved = await runAction(resolveReferencesAction, auth, { value: { pw: `[[vault:kv2/data/${path}/password]]` } }, { store });
    expect(JSON.stringify(resolved)).toContain('store-down-pass-1');
    const cleared = await runAction(clearCache, auth, { path: `kv2/${path}` }, { store });
    expect(cleared.otherWorkersNotified).toBe(how === 'garbage');
    await runAction(deleteSecret, auth, { path: `kv2/${path}`, mode: 'purge' }, { store });
    expect(vault.count({ method: 'DELETE', path: `kv2/metadata/${path}` })).toBe(1);

    expect(store.calls).toBeGreaterThan(0);
    // Each step that met the failing store said so once (a hung store: after the time bound).
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.every((w) => /^HashiCorp Vault: the cache marker/.test(w))).toBe(true);
    expect(warnings.join('\n')).not.toContain('store-down-pass-1');
    if (how === 'hang') expect(Date.now() - started).toBeLessThan(6 * STORE_TIMEOUT_MS + 5_000);
  });
});

describe('while the store cannot be read', () => {
  let clockOffset = 0;
  beforeEach(() => {
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
  });

  it('keeps what mount discovery learned: an outage costs no extra discovery request', async () => {
    const auth = cachedAuth();
    const down = new FailingStore('throw');
    await kvPut(vault, 'kv2', 'outage/mounts', { v: '1' });
    await runAction(getSecret, auth, { path: 'kv2/outage/mounts' }, { store: down });
    const discoveries = () => vault.count({ path: /^sys\/internal\/ui\/mounts\// });
    const before = discoveries();
    for (let i = 0; i < 3; i++) {
      clockOffset += 40_000; // each read checks the store again and drops the values, not the mounts
      expect((await runAction(getSecret, auth, { path: 'kv2/outage/mounts' }, { store: down })).data.v).toBe('1');
    }
    expect(discoveries()).toBe(before);
  });

  it(`serves a cached value for at most ${STORE_OUTAGE_TRUST_SECONDS} s, then reads Vault again`, async () => {
    const auth = cachedAuth();
    const healthy = new MemoryStore();
    await kvPut(vault, 'kv2', 'outage/rotating', { v: 'old' });
    expect((await runAction(getSecret, auth, { path: 'kv2/outage/rotating' }, { store: healthy })).data.v).toBe('old');
    await kvPut(vault, 'kv2', 'outage/rotating', { v: 'new' }); // rotated behind the piece's back

    const down = new FailingStore('throw');
    clockOffset += 10_000; // past the marker check interval, within the trust window
    expect((await runAction(getSecret, auth, { path: 'kv2/outage/rotating' }, { store: down })).data.v).toBe('old');
    clockOffset += STORE_OUTAGE_TRUST_SECONDS * 1000;
    expect((await runAction(getSecret, auth, { path: 'kv2/outage/rotating' }, { store: down })).data.v).toBe('new');
  });
});

/**
 * The engine's `context.store` as the client's marker store: project scope (every flow and worker
 * of the project sees the same markers), each call bounded in time, and one line in the step's log
 * when the store let the step down. The store only carries cache-invalidation hints, so a store
 * that fails, hangs or answers garbage never fails a step (`src/lib/vault/invalidation.ts`).
 */
import { StoreScope } from '@activepieces/pieces-framework';
import type { MarkerStore } from '../vault/types';

/** The longest a store call may hold a step up. */
export const STORE_TIMEOUT_MS = 2_000;

interface EngineStore {
  get<T>(key: string, scope?: StoreScope): Promise<T | null>;
  put<T>(key: string, value: T, scope?: StoreScope): Promise<T>;
}

function withTimeout<T>(work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // Not unref'd: a step waiting on a hung store must still get its answer after the bound.
    timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
  });
  let attempt: Promise<T>;
  try {
    attempt = work();
  } catch (e) {
    attempt = Promise.reject(e);
  }
  return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
}

/** One per step run: the problem is logged once per step, however many store calls it makes. */
export function markerStoreOf(store: unknown, log: (line: string) => void = console.warn): MarkerStore | undefined {
  if (!store || typeof (store as EngineStore).get !== 'function' || typeof (store as EngineStore).put !== 'function') return undefined;
  const engineStore = store as EngineStore;
  let told = false;
  return {
    get: (key) => withTimeout(() => engineStore.get(key, StoreScope.PROJECT)),
    put: (key, value) => withTimeout(() => engineStore.put(key, value, StoreScope.PROJECT)),
    degraded(reason) {
      if (told) return;
      told = true;
      log(`HashiCorp Vault: ${reason}. The step went on without the Activepieces store.`);
    },
  };
}

import { parseConnection } from '../../../src/lib/vault/connection/parse';
import type { VaultConnectionConfig } from '../../../src/lib/vault/types';

/**
 * A token connection for tests that build clients directly, with short timeouts; `over` are
 * connection props, `tweak` sets parsed values no form could (a fractional cache TTL).
 */
export function testConfig(url: string, over: Record<string, unknown> = {}, tweak: Partial<VaultConnectionConfig> = {}): VaultConnectionConfig {
  const config = parseConnection({
    url,
    authMethod: 'token',
    requestTimeoutSeconds: 5,
    connectTimeoutSeconds: 2,
    maxRetries: 2,
    retryBudgetSeconds: 2,
    ...over,
  });
  return { ...config, ...tweak };
}

/** The client's marker store: get/put only, JSON copies (the piece binds the project scope). */
export class TinyStore {
  readonly data = new Map<string, string>();
  async get<T>(key: string): Promise<T | null> {
    const v = this.data.get(key);
    return v === undefined ? null : (JSON.parse(v) as T);
  }
  async put<T>(key: string, value: T): Promise<T> {
    this.data.set(key, JSON.stringify(value));
    return value;
  }
  dump(): string {
    return JSON.stringify([...this.data.entries()]);
  }
}

/** Runs `fn` and returns the error it threw (fails the test when it did not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got success');
}

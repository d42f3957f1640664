import type { VaultConnectionConfig } from '../../../src/lib/vault/types';

/** A normalised connection for tests that build clients directly (no `parseConnection`). */
export function testConfig(url: string, over: Partial<VaultConnectionConfig> = {}): VaultConnectionConfig {
  return {
    url,
    authMethod: 'token',
    appRolePath: 'approle',
    userpassPath: 'userpass',
    certPath: 'cert',
    kubernetesPath: 'kubernetes',
    jwtPath: 'jwt',
    tlsSkipVerify: false,
    cacheTtlSeconds: 3600,
    accessMode: 'read_and_write',
    allowedRedirectAddresses: [],
    requestTimeoutMs: 5_000,
    connectTimeoutMs: 2_000,
    maxRetries: 2,
    retryBudgetMs: 2_000,
    ...over,
  };
}

/** A simple `context.store` stand-in: get/put only, JSON copies, scope-aware. */
export class TinyStore {
  readonly data = new Map<string, string>();
  async get<T>(key: string, scope?: unknown): Promise<T | null> {
    const v = this.data.get(`${String(scope)}:${key}`);
    return v === undefined ? null : (JSON.parse(v) as T);
  }
  async put<T>(key: string, value: T, scope?: unknown): Promise<T> {
    this.data.set(`${String(scope)}:${key}`, JSON.stringify(value));
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

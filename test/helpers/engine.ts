/**
 * Runs actions, triggers and dropdowns the way the Activepieces engine does: wrapped auth
 * (`{type: 'CUSTOM_AUTH', props}`) in actions, triggers and dropdowns, flat props in `validate`,
 * and a real (in-memory) store with FLOW and PROJECT scopes.
 */
import { createMockActionContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';

export type AuthProps = Record<string, unknown>;

/**
 * The one in-memory store of the tests: the engine's `context.store` (FLOW and PROJECT scopes kept
 * apart, FLOW when none is named), and so also the client's marker store (`get(key)`, `put(key, value)`).
 * Values are JSON copies, like a real store's.
 */
export class MemoryStore {
  /** Entries by `<scope>:<key>`. */
  readonly data = new Map<string, unknown>();
  private key(key: string, scope?: unknown) {
    return `${String(scope ?? 'FLOW')}:${key}`;
  }
  async put<T>(key: string, value: T, scope?: unknown): Promise<T> {
    this.data.set(this.key(key, scope), JSON.parse(JSON.stringify(value)));
    return value;
  }
  async get<T>(key: string, scope?: unknown): Promise<T | null> {
    const value = this.data.get(this.key(key, scope));
    return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as T);
  }
  async delete(key: string, scope?: unknown): Promise<void> {
    this.data.delete(this.key(key, scope));
  }
  /** The keys stored in `scope` (FLOW unless named), without their scope. */
  keys(scope: unknown = 'FLOW'): string[] {
    const prefix = `${String(scope)}:`;
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }
  /** Everything stored, as text: for asserting that no secret was written. */
  dump(): string {
    return JSON.stringify([...this.data.entries()]);
  }
}

export function wrapAuth(props: AuthProps) {
  return { type: AppConnectionType.CUSTOM_AUTH, props };
}

interface Runnable {
  run: (ctx: any) => Promise<unknown>;
}

/** Runs an action's `run` with wrapped auth and an engine-shaped context. */
export async function runAction(
  action: Runnable,
  auth: AuthProps,
  propsValue: Record<string, unknown>,
  opts: { store?: MemoryStore; connections?: Record<string, unknown>; files?: { write(file: { fileName: string; data: Buffer }): Promise<string> } } = {},
): Promise<any> {
  const ctx: any = createMockActionContext({ propsValue: propsValue as any });
  ctx.auth = wrapAuth(auth);
  ctx.store = opts.store ?? new MemoryStore();
  ctx.connections = { get: async (key: string) => opts.connections?.[key] ?? null };
  if (opts.files) ctx.files = opts.files;
  return action.run(ctx);
}

/** Runs a Dropdown property's `options` callback the way the builder does (wrapped auth). */
export async function dropdownOptions(
  prop: { options: (input: any, ctx: any) => Promise<any> },
  auth: AuthProps | undefined,
  input: Record<string, unknown> = {},
  store: MemoryStore = new MemoryStore(),
): Promise<any> {
  return prop.options({ auth: auth ? wrapAuth(auth) : undefined, ...input }, { store, server: { apiUrl: '', publicUrl: '', token: '' }, searchValue: undefined });
}

/** The hooks the engine calls on a polling trigger (the framework types them per strategy, which tests need not repeat). */
export interface PollingHooks {
  onEnable(ctx: unknown): Promise<void>;
  onDisable(ctx: unknown): Promise<void>;
  run(ctx: unknown): Promise<any[]>;
  test(ctx: unknown): Promise<any[]>;
}

/** A polling trigger, seen through the hooks the engine calls. */
export function pollingHooks(trigger: unknown): PollingHooks {
  return trigger as PollingHooks;
}

/** A polling trigger's hook context (wrapped auth, a store that persists between calls). */
export function triggerContext(auth: AuthProps, propsValue: Record<string, unknown>, store: MemoryStore = new MemoryStore()): any {
  return {
    auth: wrapAuth(auth),
    propsValue,
    store,
    setSchedule: () => undefined,
    server: { apiUrl: 'http://localhost:3000', publicUrl: 'http://localhost:4200', token: 'test-token' },
    project: { id: 'test-project-id', externalId: async () => undefined },
    flows: { list: async () => ({ data: [], next: null, previous: null }), current: { id: 'f', version: { id: 'v' } } },
    step: { name: 'trigger' },
    connections: { get: async () => null },
    files: { write: async () => 'file' },
  };
}

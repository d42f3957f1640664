/**
 * The four hooks every polling trigger of this piece shares: `onEnable` records a baseline in the
 * flow's store, `run` reports what changed since the stored state and stores the new one,
 * `onDisable` forgets the state, `test` returns a sample from current data (state untouched).
 */
import type { z } from 'zod';
import { clientFor } from '../../common/client';
import type { VaultClient } from '../../vault/types';
import { parseTriggerProps } from './props';

export type PollMode = 'baseline' | 'diff' | 'sample';

export type Poll<P, State, Event> = (
  client: VaultClient,
  props: P,
  previous: State | null,
  mode: PollMode,
) => Promise<{ events: Event[]; state: State }>;

/** What the hooks use of the framework's trigger context. */
interface HookContext {
  auth: unknown;
  propsValue: unknown;
  store: {
    get<T>(key: string): Promise<T | null>;
    put<T>(key: string, value: T): Promise<T>;
    delete(key: string): Promise<void>;
  };
}

export function pollingHooks<S extends z.ZodType, State, Event>(opts: {
  /** Names the trigger in prop errors. */
  displayName: string;
  stateKey: string;
  propsSchema: S;
  /**
   * What a stored state must look like. Anything else (a store that answers garbage, a state an
   * older version wrote) is no state: the poll records a baseline instead of reporting changes.
   */
  stateSchema: z.ZodType<State>;
  poll: Poll<z.output<S>, State, Event>;
}) {
  const { displayName, stateKey, propsSchema, stateSchema, poll } = opts;
  const start = (context: HookContext) => ({
    client: clientFor(context.auth),
    props: parseTriggerProps(displayName, propsSchema, context.propsValue),
  });
  return {
    async onEnable(context: HookContext): Promise<void> {
      const { client, props } = start(context);
      const { state } = await poll(client, props, null, 'baseline');
      await context.store.put<State>(stateKey, state);
    },
    async onDisable(context: HookContext): Promise<void> {
      await context.store.delete(stateKey);
    },
    async run(context: HookContext): Promise<Event[]> {
      const { client, props } = start(context);
      const stored = stateSchema.safeParse(await context.store.get<unknown>(stateKey));
      const previous = stored.success ? stored.data : null;
      const { events, state } = await poll(client, props, previous, previous ? 'diff' : 'baseline');
      await context.store.put<State>(stateKey, state);
      return events;
    },
    async test(context: HookContext): Promise<Event[]> {
      const { client, props } = start(context);
      return (await poll(client, props, null, 'sample')).events;
    },
  };
}

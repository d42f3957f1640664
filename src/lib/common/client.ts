import { LRUCache } from 'lru-cache';
import { parseConnection } from '../vault/connection/parse';
import { getVaultClient } from '../vault/registry';
import type { MarkerStore, VaultClient, VaultConnectionConfig } from '../vault/types';
import { markerStoreOf } from './marker-store';

/**
 * Connections parsed before, by their props as JSON: the engine hands every run a new copy of the
 * same props, and parsing (with its PEM checks) then hashing them is most of a cached read's cost.
 * Changed props are a new key, so they are parsed and checked again. In memory only, next to the
 * configs the clients hold anyway.
 */
const parsed = new LRUCache<string, VaultConnectionConfig>({ max: 256 });

/**
 * The shared client for an action's, trigger's or dropdown's `auth` (wrapped or flat props), as it
 * is: what a step that serves no cached value (a write, a mint, a use of a key) needs.
 */
export function clientFor(auth: unknown): VaultClient {
  const key = propsKey(auth);
  let config = key === undefined ? undefined : parsed.get(key);
  if (!config) {
    config = parseConnection(auth);
    if (key !== undefined) parsed.set(key, config);
  }
  return getVaultClient(config);
}

function propsKey(auth: unknown): string | undefined {
  try {
    return JSON.stringify(auth);
  } catch {
    return undefined;
  }
}

/** What an action's context offers that the client needs. */
export interface ClientContext {
  auth: unknown;
  store: unknown;
}

/**
 * The connection's shared client for a reading action, after applying any cache invalidation
 * another engine worker published (so a value cleared elsewhere is not served from our cache).
 */
export async function clientForRead(context: ClientContext): Promise<VaultClient> {
  const client = clientFor(context.auth);
  await client.syncInvalidation(markerStore(context));
  return client;
}

/** `context.store` as the client's marker store (project scope, bounded in time). */
export function markerStore(context: ClientContext): MarkerStore | undefined {
  return markerStoreOf(context.store);
}

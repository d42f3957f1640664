import { clientFor } from '../../client-for';
import type { MarkerStore, VaultClient } from '../../vault/types';

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
  await client.syncInvalidation(context.store as MarkerStore);
  return client;
}

/** The connection's shared client for a writing action. */
export async function clientForWrite(context: ClientContext): Promise<VaultClient> {
  return clientFor(context.auth);
}

/** `context.store` in the shape the client's invalidation uses. */
export function markerStore(context: ClientContext): MarkerStore {
  return context.store as MarkerStore;
}


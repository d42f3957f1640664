import { clientFor } from '../../client-for';
import { markerStoreOf } from '../../common/marker-store';
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
  await client.syncInvalidation(markerStore(context));
  return client;
}

/** The connection's shared client for a writing action. */
export async function clientForWrite(context: ClientContext): Promise<VaultClient> {
  return clientFor(context.auth);
}

/** `context.store` as the client's marker store (project scope, bounded in time). */
export function markerStore(context: ClientContext): MarkerStore | undefined {
  return markerStoreOf(context.store);
}

import { createVaultClient } from './client';
import { connectionDigest } from './connection-digest';
import type { VaultClient, VaultConnectionConfig } from './types';

/**
 * Process-wide clients, one per connection digest (never per raw credential). Module-level on
 * purpose: two separately bundled copies of the piece keep separate registries.
 */
const clients = new Map<string, VaultClient>();

/** The client for this connection: created once, then shared by every action, trigger and reference. */
export function getVaultClient(config: VaultConnectionConfig): VaultClient {
  const digest = connectionDigest(config);
  let client = clients.get(digest);
  if (!client) {
    client = createVaultClient(config, { digest });
    clients.set(digest, client);
  }
  return client;
}

/** Closes every client (pools, token timers) and empties the registry. */
export async function closeAllVaultClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close().catch(() => undefined)));
}

/** How many clients are alive (for tests). */
export function vaultClientCount(): number {
  return clients.size;
}

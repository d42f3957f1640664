import { createVaultClient } from './client';
import { connectionDigest } from './cache-keys';
import type { VaultClient, VaultConnectionConfig } from './types';

/** A client nobody asked for this long is closed (its cache has expired by then anyway). */
const MIN_IDLE_MS = 10 * 60_000;
/** How often `getVaultClient` looks for idle clients. */
const SWEEP_EVERY_MS = 60_000;

interface Held {
  client: VaultClient;
  lastUsed: number;
  idleMs: number;
}

/**
 * Process-wide clients, one per connection digest (never per raw credential). Module-level on
 * purpose: two separately bundled copies of the piece keep separate registries. Clients of
 * connections no longer used (edited or deleted ones) are closed after their idle time, so their
 * pools, tokens and cached values do not pile up in a long-lived engine worker.
 */
const clients = new Map<string, Held>();
/** Each config object is hashed once (callers reuse parsed configs). */
const digests = new WeakMap<VaultConnectionConfig, string>();
let lastSweep = 0;

/** The client for this connection: created once, then shared by every action, trigger and reference. */
export function getVaultClient(config: VaultConnectionConfig): VaultClient {
  const now = Date.now();
  if (now - lastSweep >= SWEEP_EVERY_MS) sweepIdleVaultClients(now);
  let digest = digests.get(config);
  if (digest === undefined) digests.set(config, (digest = connectionDigest(config)));
  let held = clients.get(digest);
  if (!held) {
    // Idle longer than the cache lifetime and any request's retries: nothing useful is left.
    const idleMs = Math.max(MIN_IDLE_MS, config.cacheTtlSeconds * 1000 + config.requestTimeoutMs + config.retryBudgetMs);
    held = { client: createVaultClient(config), lastUsed: now, idleMs };
    clients.set(digest, held);
  }
  held.lastUsed = now;
  return held.client;
}

/** Closes clients not asked for within their idle time; returns how many were closed. */
export function sweepIdleVaultClients(now = Date.now()): number {
  lastSweep = now;
  let closed = 0;
  for (const [digest, held] of clients) {
    if (now - held.lastUsed < held.idleMs) continue;
    clients.delete(digest);
    void held.client.close().catch(() => undefined);
    closed++;
  }
  return closed;
}

/** Closes every client (pools, token timers) and empties the registry. */
export async function closeAllVaultClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((h) => h.client.close().catch(() => undefined)));
}

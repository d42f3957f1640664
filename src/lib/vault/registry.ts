import type { AddressCheck } from './address-guard';
import { createVaultClient } from './client';
import { connectionDigest } from './cache-keys';
import type { VaultClient, VaultConnectionConfig } from './types';

/** A client nobody asked for this long is closed (its cache has expired by then anyway). */
const MIN_IDLE_MS = 10 * 60_000;
/** How often `get` looks for idle clients. */
const SWEEP_EVERY_MS = 60_000;

interface Held {
  client: VaultClient;
  lastUsed: number;
  idleMs: number;
}

export interface VaultClientRegistryOptions {
  /** Applied to every address the clients connect to (an embedder's SSRF rule). */
  checkAddress?: AddressCheck;
}

/**
 * Clients, one per connection digest (never per raw credential), each logging in once. Clients of
 * connections no longer used (edited or deleted ones) are closed after their idle time, so their
 * pools, tokens and cached values do not pile up in a long-lived process; closing revokes the
 * tokens they logged in for.
 */
export function createVaultClientRegistry(options: VaultClientRegistryOptions = {}) {
  const clients = new Map<string, Held>();
  /** Each config object is hashed once (callers reuse parsed configs). */
  const digests = new WeakMap<VaultConnectionConfig, string>();
  let lastSweep = 0;

  /** Closes clients not asked for within their idle time; returns how many were closed. */
  function sweepIdle(now = Date.now()): number {
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

  return {
    /** The client for this connection: created once, then shared. */
    get(config: VaultConnectionConfig): VaultClient {
      const now = Date.now();
      if (now - lastSweep >= SWEEP_EVERY_MS) sweepIdle(now);
      let digest = digests.get(config);
      if (digest === undefined) digests.set(config, (digest = connectionDigest(config)));
      let held = clients.get(digest);
      if (!held) {
        // Idle longer than the cache lifetime and any request's retries: nothing useful is left.
        const idleMs = Math.max(MIN_IDLE_MS, config.cacheTtlSeconds * 1000 + config.requestTimeoutMs + config.retryBudgetMs);
        held = { client: createVaultClient(config, { checkAddress: options.checkAddress }), lastUsed: now, idleMs };
        clients.set(digest, held);
      }
      held.lastUsed = now;
      return held.client;
    },
    sweepIdle,
    /** Closes every client (pools, token timers, login tokens revoked) and empties the registry. */
    async closeAll(): Promise<void> {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((h) => h.client.close().catch(() => undefined)));
    },
    get size(): number {
      return clients.size;
    },
  };
}

export type VaultClientRegistry = ReturnType<typeof createVaultClientRegistry>;

/**
 * The piece's process-wide registry: every action, trigger and reference of a connection shares
 * one client. Module-level on purpose: two separately bundled copies of the piece keep separate ones.
 */
const pieceClients = createVaultClientRegistry();

/** The client for this connection: created once, then shared by every action, trigger and reference. */
export function getVaultClient(config: VaultConnectionConfig): VaultClient {
  return pieceClients.get(config);
}

/** Closes clients not asked for within their idle time; returns how many were closed. */
export function sweepIdleVaultClients(now = Date.now()): number {
  return pieceClients.sweepIdle(now);
}

/** Closes every client and empties the registry. */
export function closeAllVaultClients(): Promise<void> {
  return pieceClients.closeAll();
}

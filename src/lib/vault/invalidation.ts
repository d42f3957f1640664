import { invalidationMarkerKey } from './cache-keys';
import type { InvalidationMarker, MarkerStore } from './types';

/** What is kept in the store: the latest marker plus a bounded list of recent ones. */
export interface StoredInvalidationMarker extends InvalidationMarker {
  recent: InvalidationMarker[];
}

export const DEFAULT_INVALIDATION_CHECK_SECONDS = 5;
/**
 * While the store cannot be read, a cached value is trusted for at most this long after it was
 * read from Vault (plus one check interval): older ones are read again.
 */
export const STORE_OUTAGE_TRUST_SECONDS = 30;
/** Two quick clears of different folders must both reach every worker: keep a few. */
const MAX_RECENT_MARKERS = 20;
const PUBLISH_ATTEMPTS = 3;

export interface InvalidationSyncOptions {
  /** `invalidationScopeDigest` of the connection. */
  scopeDigest: string;
  /**
   * Drops local entries under `prefix` loaded before `olderThan`; returns the count. `valuesOnly`:
   * keep what discovery learned (a store outage says nothing about mounts).
   */
  invalidateLocal: (prefix: string, olderThan?: number, valuesOnly?: boolean) => number;
  /** How often `sync` may read the store; default 5 s. 0 = every call. */
  checkIntervalSeconds?: number;
}

function isMarker(value: unknown): value is InvalidationMarker {
  const m = value as InvalidationMarker | null;
  return (
    !!m && typeof m === 'object' && typeof m.generation === 'number' && typeof m.prefix === 'string' && typeof m.at === 'number'
  );
}

function recentOf(stored: unknown): InvalidationMarker[] {
  if (!isMarker(stored)) return [];
  const list = (stored as Partial<StoredInvalidationMarker>).recent;
  const recent = Array.isArray(list) ? list.filter(isMarker) : [];
  return recent.some((m) => m.generation === stored.generation) ? recent : [...recent, stored];
}

/** Markers are told apart by all three fields: two workers publishing at once can pick the same generation. */
function markerId(m: InvalidationMarker): string {
  return `${m.generation}|${m.at}|${m.prefix}`;
}

/** How many applied marker ids a worker remembers: well above what `recent` can hold. */
const MAX_APPLIED_IDS = MAX_RECENT_MARKERS * 4;

/**
 * Cross-worker cache invalidation through the project-scoped store: `publish` writes a marker
 * `{generation, prefix, at}` (never a value); `sync` applies every listed marker this worker has
 * not applied yet, dropping only entries loaded before each marker was written.
 *
 * The store has no compare-and-set: `publish` re-reads to check its marker landed and retries,
 * but a concurrent publisher can still overwrite it just after that check; other workers then
 * catch up at their cache TTL at worst.
 */
export class InvalidationSync {
  private readonly key: string;
  private readonly checkIntervalMs: number;
  private lastCheckAt = Number.NEGATIVE_INFINITY;
  /** The highest generation seen, so a new marker is numbered above it. */
  private highestGeneration = 0;
  /**
   * Ids of the markers applied (or published) here. Not a generation threshold: two publishers
   * that read the store at the same moment both write generation N+1, and a worker that applied
   * the first would skip the second.
   */
  private readonly applied = new Set<string>();
  private checking: Promise<void> | null = null;

  constructor(private readonly options: InvalidationSyncOptions) {
    this.key = invalidationMarkerKey(options.scopeDigest);
    this.checkIntervalMs = Math.max(0, (options.checkIntervalSeconds ?? DEFAULT_INVALIDATION_CHECK_SECONDS) * 1000);
  }

  /** Adds a marker for `prefix`. The store has no compare-and-set, so re-read and retry if a
   * concurrent publisher overwrote ours. */
  async publish(prefix: string, store: MarkerStore): Promise<void> {
    for (let attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      const current = await store.get<StoredInvalidationMarker>(this.key);
      const generation = Math.max(isMarker(current) ? current.generation : 0, this.highestGeneration) + 1;
      const marker: InvalidationMarker = { generation, prefix, at: Date.now() };
      const recent = [...recentOf(current), marker].slice(-MAX_RECENT_MARKERS);
      await store.put<StoredInvalidationMarker>(this.key, { ...marker, recent });
      this.highestGeneration = Math.max(this.highestGeneration, generation);
      // Already applied here (the caller dropped its own entries).
      this.remember(markerId(marker));
      const check = await store.get<StoredInvalidationMarker>(this.key);
      if (recentOf(check).some((m) => markerId(m) === markerId(marker))) return;
    }
  }

  private remember(id: string): void {
    this.applied.add(id);
    // Oldest first (insertion order): what is dropped has long left the store's `recent` list.
    for (const old of this.applied) {
      if (this.applied.size <= MAX_APPLIED_IDS) break;
      this.applied.delete(old);
    }
  }

  /** Reads the marker (at most every check interval) and applies the entries not applied yet. */
  async sync(store: MarkerStore): Promise<void> {
    if (this.checking) return this.checking;
    if (Date.now() - this.lastCheckAt < this.checkIntervalMs) return;
    this.checking = (async () => {
      try {
        let stored: unknown;
        try {
          stored = await store.get<StoredInvalidationMarker>(this.key);
        } catch {
          return this.withoutStore(store, 'could not be read');
        }
        if (stored !== null && stored !== undefined && !isMarker(stored)) return this.withoutStore(store, 'answered something that is not a cache marker');
        this.lastCheckAt = Date.now();
        for (const marker of recentOf(stored)) {
          const id = markerId(marker);
          if (this.applied.has(id)) continue;
          this.options.invalidateLocal(marker.prefix, marker.at);
          this.remember(id);
          this.highestGeneration = Math.max(this.highestGeneration, marker.generation);
        }
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /** No marker to go by: keep only values read from Vault recently, and ask the store again after the interval. */
  private withoutStore(store: MarkerStore, what: string): void {
    const now = Date.now();
    this.lastCheckAt = now;
    const dropped = this.options.invalidateLocal('', now - STORE_OUTAGE_TRUST_SECONDS * 1000, true);
    store.degraded?.(
      `the cache marker store ${what}; cached values older than ${STORE_OUTAGE_TRUST_SECONDS} s are read again from Vault (${dropped} dropped)`,
    );
  }
}

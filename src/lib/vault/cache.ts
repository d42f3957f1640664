import { LRUCache } from 'lru-cache';
import { deepFreeze } from './json-walk';

export interface ValueCacheOptions {
  /** 0 disables caching (every read goes to Vault; concurrent reads are not merged either). */
  ttlSeconds: number;
  /** Upper bound on entries (LRU eviction). */
  maxEntries?: number;
}

interface Entry {
  value: unknown;
  /** Date.now() when the load that produced the value STARTED: a clear issued while a read is in
   * flight must also drop that read's (possibly stale) result. */
  loadedAt: number;
}

interface InFlight {
  promise: Promise<unknown>;
  /** Set when an invalidation hit the key while loading: the result is returned, never stored. */
  stale: boolean;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;

/**
 * Memory-only secret cache: bounded LRU with TTL, single flight for concurrent misses, failures
 * never cached, prefix invalidation. Values live only in this process; nothing is written to a
 * store, a file or a log.
 */
export class ValueCache {
  private readonly lru: LRUCache<string, Entry> | null;
  private readonly inFlight = new Map<string, InFlight>();

  constructor(options: ValueCacheOptions) {
    const ttlMs = Math.max(0, Math.floor(options.ttlSeconds * 1000));
    this.lru =
      ttlMs > 0
        ? new LRUCache<string, Entry>({
            max: Math.max(1, options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES),
            ttl: ttlMs,
          })
        : null;
  }

  get enabled(): boolean {
    return this.lru !== null;
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /**
   * The cached value for `key`, or the result of `load` (stored on success). Concurrent callers
   * of a missing key share one `load`. Values are deep-frozen: one caller cannot change what
   * another is served (copy before changing).
   */
  getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.lru) return load();
    const hit = this.lru.get(key);
    if (hit) return Promise.resolve(hit.value as T);
    return this.loadOnce(key, load);
  }

  private async loadOnce<T>(key: string, load: () => Promise<T>): Promise<T> {
    let flight = this.inFlight.get(key);
    if (!flight) {
      const loadedAt = Date.now();
      const created: InFlight = { promise: Promise.resolve(), stale: false };
      created.promise = (async () => {
        try {
          const value = deepFreeze(await load());
          if (!created.stale) this.lru?.set(key, { value, loadedAt });
          return value;
        } finally {
          if (this.inFlight.get(key) === created) this.inFlight.delete(key);
        }
      })();
      this.inFlight.set(key, created);
      flight = created;
    }
    return (await flight.promise) as T;
  }

  /** Stores a value just read fresh (bypassing the cache), replacing any older entry. */
  set(key: string, value: unknown, loadedAt = Date.now()): void {
    this.lru?.set(key, { value: deepFreeze(value), loadedAt });
  }

  /**
   * Drops every entry whose key starts with `prefix` ('' = all), including loads in flight.
   * With `olderThan`, keeps entries whose load started at or after that time (a marker from
   * another worker must not drop values read after it was written).
   */
  invalidatePrefix(prefix: string, olderThan?: number): number {
    let dropped = 0;
    if (this.lru) {
      for (const [key, entry] of this.lru.entries()) {
        if (!key.startsWith(prefix)) continue;
        if (olderThan !== undefined && entry.loadedAt >= olderThan) continue;
        this.lru.delete(key);
        dropped++;
      }
    }
    for (const [key, flight] of this.inFlight) {
      if (key.startsWith(prefix)) {
        flight.stale = true;
        this.inFlight.delete(key);
      }
    }
    return dropped;
  }

  clear(): void {
    this.invalidatePrefix('');
  }
}

/** Freezes a JSON-like value and everything in it, in place (iterative; an answer nested too deep is unexpected). */
export { deepFreeze } from './json-walk';

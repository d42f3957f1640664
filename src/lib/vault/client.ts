import { assertApiPathInsidePrefix, assertCanSend } from './access';
import type { AddressCheck } from './address-guard';
import { ValueCache } from './cache';
import { clearedPathForms, exactSecretPrefix, invalidationScopeDigest, secretCachePrefix } from './cache-keys';
import { type TokenAwareVaultHttp, createVaultHttp } from './http';
import { InvalidationSync } from './invalidation';
import { MountDiscovery, createKvService } from './kv';
import type { KvContext, SendFn } from './kv';
import { createTokenSession } from './token-session';
import type { MarkerStore, TokenSession, VaultClient, VaultClientRequest, VaultConnectionConfig } from './types';

export interface VaultClientOptions {
  /** How often `syncInvalidation` may read the store (seconds; default 5, 0 = every call). */
  invalidationCheckSeconds?: number;
  /** Value cache bound (default 10,000 entries). */
  cacheMaxEntries?: number;
  /** Applied to every address connected to (an embedder's SSRF rule). */
  checkAddress?: AddressCheck;
}

function decodedPath(path: string): string {
  return path
    .split('?')[0]
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}

/**
 * One connection's client: an undici pool, a token session, mount discovery, the value cache and
 * the cross-worker invalidation marker, behind the `VaultClient` contract. Normally obtained from
 * `getVaultClient(config)` (`registry.ts`), which keeps one per connection.
 */
export function createVaultClient(config: VaultConnectionConfig, options: VaultClientOptions = {}): VaultClient {
  const http: TokenAwareVaultHttp = createVaultHttp(config, { checkAddress: options.checkAddress });
  const session: TokenSession = createTokenSession(config, http);
  const cache = new ValueCache({ ttlSeconds: config.cacheTtlSeconds, maxEntries: options.cacheMaxEntries });

  const send: SendFn = (req) => session.withToken((token) => http.request(req, token));
  const restricted = config.accessMode !== 'read_and_write' || !!config.pathPrefix;
  const ctx: KvContext = { config, send };
  const discovery = new MountDiscovery(ctx);

  /** Drops cached values (and, unless `valuesOnly`, the mounts discovered) under a prefix. */
  function invalidateLocal(prefix: string, olderThan?: number, valuesOnly = false): number {
    let dropped = 0;
    for (const form of clearedPathForms(prefix)) {
      dropped += cache.invalidatePrefix(secretCachePrefix(config.namespace, form), olderThan);
      if (!valuesOnly) discovery.invalidate(form);
    }
    return dropped;
  }

  const invalidation = new InvalidationSync({
    scopeDigest: invalidationScopeDigest(config),
    invalidateLocal,
    checkIntervalSeconds: options.invalidationCheckSeconds,
  });

  /** Whether the marker reached the store. The change itself succeeded either way: other workers then catch up at their cache TTL at worst. */
  async function publish(prefix: string, store?: MarkerStore): Promise<boolean> {
    if (!store) return false;
    try {
      await invalidation.publish(prefix, store);
      return true;
    } catch {
      store.degraded?.('the cache marker could not be written; other workers drop their copies at their cache TTL at the latest');
      return false;
    }
  }

  const kv = createKvService({
    ctx,
    cache,
    discovery,
    changed: async (canonicalPath, store) => {
      // Exact secret: every cached version of it, not its namesakes (`db` vs `db2`).
      cache.invalidatePrefix(exactSecretPrefix(config.namespace, canonicalPath));
      await publish(canonicalPath, store);
    },
  });

  return {
    config,
    kv,
    request<T>({ access, ...req }: VaultClientRequest<T>) {
      if (!restricted) return send<T>(req);
      const path = req.scopePath ?? decodedPath(req.path);
      try {
        assertCanSend({ config }, path, access);
      } catch (e) {
        return Promise.reject(e);
      }
      if (!config.pathPrefix) return send<T>(req);
      // The quick check above lets `mount/data/x` through as `mount/x`; whether that holds
      // depends on the mount being KV v2, which only discovery can tell.
      return assertApiPathInsidePrefix({ config, kv }, path).then(() => send<T>(req));
    },
    token: () => session.token(),
    invalidate: (prefix = '') => invalidateLocal(prefix),
    async clearCache(prefix, store) {
      const dropped = invalidateLocal(prefix);
      if (!store) return { dropped, published: false };
      return { dropped, published: await publish(prefix, store) };
    },
    async syncInvalidation(store) {
      if (store) await invalidation.sync(store);
    },
    stats() {
      return { ...session.stats(), cacheEntries: cache.size };
    },
    async close() {
      cache.clear();
      discovery.invalidate('');
      await session.close();
      await http.close();
    },
  };
}

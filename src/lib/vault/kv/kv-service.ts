import { assertCanRead, assertCanWrite, assertInsidePrefix } from '../access';
import type { ValueCache } from '../cache';
import { secretCacheKey } from '../cache-keys';
import type { KvListResult, KvLocation, KvSecret, KvService, KvVersion, MarkerStore, ReferenceValue } from '../types';
import type { KvContext } from './context';
import { MountDiscovery, pathSegments } from './discovery';
import type { KvEngine } from './engine';
import { kvError } from './kv-errors';
import { MIN_REFERENCE_SEGMENTS, REFERENCE_FORMS, splitReference, valueAtKey } from './reference';
import { createKv1Engine } from './kv-v1';
import { type Kv2State, createKv2Engine } from './kv-v2';

export const DEFAULT_LIST_LIMIT = 10_000;

export interface KvServiceDeps {
  ctx: KvContext;
  cache: ValueCache;
  discovery: MountDiscovery;
  /** After a write or delete: drop the secret's cached entries (and publish a marker with a store). */
  changed: (canonicalPath: string, store?: MarkerStore) => Promise<void>;
}

function canonical(loc: KvLocation): string {
  return `${loc.mount}${loc.path}`;
}

/**
 * KV v1 and v2 behind one interface: locates the mount, checks the connection's access mode and
 * path prefix (before any request), caches reads, and drops cached entries on every change.
 */
export function createKvService(deps: KvServiceDeps): KvService {
  const { ctx, cache, discovery, changed } = deps;
  const access = { config: ctx.config };
  const kv2State: Kv2State = {};
  const engines: Record<KvVersion, KvEngine> = { 1: createKv1Engine(ctx), 2: createKv2Engine(ctx, kv2State) };

  async function locateForRead(path: string): Promise<KvLocation> {
    assertCanRead(access, path);
    const loc = await discovery.locate(path);
    assertCanRead(access, canonical(loc), { raw: false });
    return loc;
  }

  async function locateForWrite(path: string): Promise<KvLocation> {
    assertCanWrite(access, path);
    const loc = await discovery.locate(path);
    assertCanWrite(access, canonical(loc), { raw: false });
    return loc;
  }

  async function read(path: string, opts: { version?: number; bypassCache?: boolean } = {}): Promise<KvSecret> {
    const loc = await locateForRead(path);
    const engine = engines[loc.kvVersion];
    if (!cache.enabled) return engine.read(loc, opts.version);
    const key = secretCacheKey(ctx.config.namespace, canonical(loc), opts.version);
    if (!opts.bypassCache) return cache.getOrLoad(key, () => engine.read(loc, opts.version));
    const fresh = await engine.read(loc, opts.version);
    cache.set(key, fresh);
    return fresh;
  }

  async function readReference(reference: string, opts: { version?: number } = {}): Promise<ReferenceValue> {
    const segments = pathSegments(reference);
    if (segments.length < MIN_REFERENCE_SEGMENTS) {
      throw kvError({
        kind: 'invalid_path',
        summary: `"${reference}" is not a Vault reference`,
        hint: `Write it as ${REFERENCE_FORMS}, e.g. secret/data/app/db/password.`,
        config: ctx.config,
      });
    }
    const { secretPath, key } = splitReference(segments.join('/'));
    const secret = await read(secretPath, opts);
    return {
      value: valueAtKey(secret, key, ctx.config),
      key,
      version: secret.metadata?.version ?? null,
      location: secret.location,
    };
  }

  async function list(path: string, opts: { recursive?: boolean; limit?: number } = {}): Promise<KvListResult> {
    const loc = await locateForRead(path);
    const limit = Math.max(1, opts.limit ?? DEFAULT_LIST_LIMIT);
    const engine = engines[loc.kvVersion];
    if (!opts.recursive) {
      const keys = await engine.list(loc);
      return { keys: keys.slice(0, limit), truncated: keys.length > limit };
    }
    // Breadth-first, GET ?list=true only; keys are relative to the listed folder, folders excluded.
    const out: string[] = [];
    const folders: string[] = [''];
    while (folders.length > 0) {
      const rel = folders.shift() as string;
      const keys = await engine.list({ ...loc, path: [loc.path, rel.replace(/\/$/, '')].filter((s) => s !== '').join('/') });
      for (const key of keys) {
        if (key.endsWith('/')) {
          folders.push(`${rel}${key}`);
        } else {
          if (out.length >= limit) return { keys: out, truncated: true };
          out.push(`${rel}${key}`);
        }
      }
    }
    return { keys: out, truncated: false };
  }

  return {
    async locate(path) {
      assertInsidePrefix(access, path);
      const loc = await discovery.locate(path);
      assertInsidePrefix(access, canonical(loc), false);
      return loc;
    },
    read,
    readReference,
    async write(path, data, opts = {}) {
      const loc = await locateForWrite(path);
      try {
        return await engines[loc.kvVersion].write(loc, data, { mode: opts.mode ?? 'merge', cas: opts.cas });
      } finally {
        // Even a failed write may have changed the secret (e.g. a timeout after Vault applied it).
        await changed(canonical(loc), opts.store);
      }
    },
    list,
    async remove(path, opts) {
      const loc = await locateForWrite(path);
      try {
        await engines[loc.kvVersion].remove(loc, opts);
      } finally {
        await changed(canonical(loc), opts.store);
      }
    },
    async readMetadata(path) {
      const loc = await locateForRead(path);
      return engines[loc.kvVersion].readMetadata(loc);
    },
  };
}

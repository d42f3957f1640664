/**
 * The core of `secret_updated`: compares what Vault holds now with the dedup state of the last
 * poll and returns one event per new KV v2 version (in order), one per KV v1 content change, and
 * one per deletion. The state keeps only paths, versions and salted digests, never values.
 * Every read bypasses the value cache (a poll must see rotations) but uses the shared client's token.
 */
import { z } from 'zod';
import type { VaultClient } from '../../vault/types';
import { canonicalJson } from '../../vault/json-walk';
import { changedKeysSince, digestData, newSalt } from './digest';
import { isVersionGone } from '../../vault/kv/schemas';
import { forEachLimited } from '../../common/for-each-limited';
import type { PollMode } from './polling-hooks';
import { isNotFound, resolveTargets } from './targets';
import { epochMs } from './time';

export const FOLDER_LIMIT = 500;
const CONCURRENCY = 8;

export interface SecretEvent {
  event: 'updated' | 'deleted';
  path: string;
  /** The KV v2 version; null on KV v1. */
  version: number | null;
  time: string;
  /** Names of the keys added, removed or changed (KV v1: added or changed). */
  changedKeys: string[];
  data?: Record<string, unknown>;
}

/** KV v2: the current version seen, and whether it was deleted. */
const kv2Entry = z.object({ engine: z.literal('kv2'), version: z.number().int().nonnegative(), deleted: z.boolean().optional() });
/** KV v1 (no versions): salted digests of the whole secret and of each key's value, never the values. */
const kv1Entry = z.object({ engine: z.literal('kv1'), digest: z.string(), keyDigests: z.record(z.string(), z.string()) });
type Kv2Entry = z.infer<typeof kv2Entry>;
type Kv1Entry = z.infer<typeof kv1Entry>;
export type EntryState = Kv2Entry | Kv1Entry;

export const watchStateSchema = z.object({ salt: z.string(), entries: z.record(z.string(), z.union([kv2Entry, kv1Entry])) });
export type WatchState = z.infer<typeof watchStateSchema>;

export interface WatchOptions {
  path: string;
  includeDeletions: boolean;
  includeValues: boolean;
  /** Secrets watched in a folder; default `FOLDER_LIMIT`. */
  folderLimit?: number;
}

interface SecretOutcome {
  events: SecretEvent[];
  entry?: EntryState;
}

/**
 * `baseline`: record the present, no events. `diff`: events since `previous`. `sample`: an event
 * for each secret's current state (the trigger's test), state unchanged.
 */
export async function pollSecretChanges(
  client: VaultClient,
  opts: WatchOptions,
  previous: WatchState | null,
  mode: PollMode,
): Promise<{ events: SecretEvent[]; state: WatchState }> {
  const salt = previous?.salt ?? newSalt();
  const before = mode === 'diff' ? previous?.entries ?? {} : {};
  const limit = opts.folderLimit ?? FOLDER_LIMIT;
  const targets = await resolveTargets(client, opts.path, limit);
  const state: WatchState = { salt, entries: {} };
  const perSecret: SecretEvent[][] = [];

  const paths = mode === 'sample' ? targets.paths.slice(0, 5) : targets.paths;
  await forEachLimited(paths, CONCURRENCY, async (path) => {
    const outcome =
      targets.kvVersion === 2
        ? await pollKv2(client, path, before[path] as Kv2Entry | undefined, opts, mode)
        : await pollKv1(client, path, before[path] as Kv1Entry | undefined, opts, mode, salt);
    if (outcome.entry) state.entries[path] = outcome.entry;
    perSecret.push(outcome.events);
  });

  const watched = new Set(targets.paths);
  if (mode === 'diff' && !targets.truncated) {
    // Secrets that left the folder: deleted for good (KV v2 purge, KV v1 delete).
    for (const [path, entry] of Object.entries(before)) {
      if (watched.has(path)) continue;
      if (opts.includeDeletions && !(entry.engine === 'kv2' && entry.deleted)) perSecret.push([deletedEvent(path, entry.engine === 'kv2' ? entry.version : null)]);
    }
  } else if (mode === 'diff') {
    // A full folder watches its first secrets by name: a new name can push a watched secret out of
    // that window. It keeps its entry, so when it comes back only its new versions fire, not all
    // of them again. Bounded, so the state stays small.
    let kept = Object.keys(state.entries).length;
    for (const [path, entry] of Object.entries(before)) {
      if (kept >= 2 * limit) break;
      if (watched.has(path) || state.entries[path]) continue;
      state.entries[path] = entry;
      kept++;
    }
  }

  const events = perSecret.flat();
  // Stable: versions of one secret keep their order.
  events.sort((a, b) => epochMs(a.time) - epochMs(b.time));
  return { events, state };
}

function deletedEvent(path: string, version: number | null, time = new Date().toISOString()): SecretEvent {
  return { event: 'deleted', path, version, time, changedKeys: [] };
}

async function pollKv2(client: VaultClient, path: string, prev: Kv2Entry | undefined, opts: WatchOptions, mode: PollMode): Promise<SecretOutcome> {
  let meta;
  try {
    meta = await client.kv.readMetadata(path);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const gone = mode === 'diff' && prev && !prev.deleted && opts.includeDeletions;
    return { events: gone ? [deletedEvent(path, prev.version)] : [] };
  }
  const current = meta.current_version;
  const currentInfo = meta.versions[String(current)];
  const deleted = current === 0 || isVersionGone(currentInfo);
  const entry: Kv2Entry = deleted ? { engine: 'kv2', version: current, deleted: true } : { engine: 'kv2', version: current };
  if (mode === 'baseline') return { events: [], entry };

  const reader = versionReader(client, path);
  const events: SecretEvent[] = [];
  if (mode === 'sample') {
    if (!deleted) events.push(await updatedEvent(reader, path, current, currentInfo!.created_time, opts));
  } else {
    // A version lower than we saw: the secret was purged and written again.
    const from = prev && prev.version <= current ? prev.version + 1 : 1;
    for (let n = from; n <= current; n++) {
      const info = meta.versions[String(n)];
      if (!info || isVersionGone(info)) continue;
      events.push(await updatedEvent(reader, path, n, info.created_time, opts));
    }
  }
  const newlyDeleted = mode === 'sample' || (prev !== undefined && !prev.deleted);
  if (deleted && current > 0 && newlyDeleted && opts.includeDeletions) {
    events.push(deletedEvent(path, current, currentInfo?.deletion_time || undefined));
  }
  return { events, entry };
}

type VersionReader = (version: number) => Promise<Record<string, unknown> | undefined>;

/** Reads versions of one secret once each, bypassing the value cache; a gone version is undefined. */
function versionReader(client: VaultClient, path: string): VersionReader {
  const reads = new Map<number, Promise<Record<string, unknown> | undefined>>();
  return (version) => {
    let pending = reads.get(version);
    if (!pending) {
      pending = client.kv.read(path, { version, bypassCache: true }).then(
        (secret) => secret.data ?? undefined,
        (e) => {
          if (isNotFound(e)) return undefined;
          throw e;
        },
      );
      reads.set(version, pending);
    }
    return pending;
  };
}

async function updatedEvent(read: VersionReader, path: string, version: number, time: string, opts: WatchOptions): Promise<SecretEvent> {
  const [data, before] = await Promise.all([read(version), version > 1 ? read(version - 1) : Promise.resolve(undefined)]);
  const event: SecretEvent = { event: 'updated', path, version, time, changedKeys: diffKeys(data ?? {}, before) };
  if (opts.includeValues && data) event.data = data;
  return event;
}

function diffKeys(now: Record<string, unknown>, before: Record<string, unknown> | undefined): string[] {
  if (!before) return Object.keys(now).sort();
  const names = new Set([...Object.keys(now), ...Object.keys(before)]);
  return [...names]
    .filter((k) => !Object.hasOwn(now, k) || !Object.hasOwn(before, k) || canonicalJson(now[k]) !== canonicalJson(before[k]))
    .sort();
}

async function pollKv1(
  client: VaultClient,
  path: string,
  prev: Kv1Entry | undefined,
  opts: WatchOptions,
  mode: PollMode,
  salt: string,
): Promise<SecretOutcome> {
  let data: Record<string, unknown>;
  try {
    data = (await client.kv.read(path, { bypassCache: true })).data;
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const gone = mode === 'diff' && prev && opts.includeDeletions;
    return { events: gone ? [deletedEvent(path, null)] : [] };
  }
  const dg = digestData(salt, data);
  const entry: Kv1Entry = { engine: 'kv1', digest: dg.all, keyDigests: dg.keys };
  if (mode === 'baseline' || (mode === 'diff' && prev?.digest === dg.all)) return { events: [], entry };
  const event: SecretEvent = {
    event: 'updated',
    path,
    version: null,
    time: new Date().toISOString(),
    changedKeys: mode === 'diff' && prev ? changedKeysSince(salt, data, prev.keyDigests) : Object.keys(data).sort(),
  };
  if (opts.includeValues) event.data = data;
  return { events: [event], entry };
}

/**
 * The core of `new_secret`: lists a folder and reports each secret that was not in it at the
 * previous poll. The state is the list of paths seen (no values). A secret that disappears and
 * comes back is new again.
 */
import { z } from 'zod';
import type { VaultClient } from '../../vault/types';
import { forEachLimited } from '../../common/for-each-limited';
import type { PollMode } from './polling-hooks';
import { isNotFound, resolveTargets } from './targets';
import { epochMs } from './time';

/** Paths remembered per folder (the state stays small; a larger folder is watched in part). */
export const NEW_SECRET_LIMIT = 5000;

export interface NewSecretEvent {
  event: 'created';
  path: string;
  folder: string;
  name: string;
  /** KV v2: the current version; null on KV v1. */
  version: number | null;
  /** KV v2: when the secret was created; KV v1: when the poll saw it. */
  time: string;
}

export const newSecretStateSchema = z.object({ known: z.array(z.string()) });
export type NewSecretState = z.infer<typeof newSecretStateSchema>;

export async function pollNewSecrets(
  client: VaultClient,
  folder: string,
  previous: NewSecretState | null,
  mode: PollMode,
  limit = NEW_SECRET_LIMIT,
): Promise<{ events: NewSecretEvent[]; state: NewSecretState }> {
  const targets = await resolveTargets(client, folder, limit);
  const state: NewSecretState = { known: targets.paths };
  if (mode === 'baseline') return { events: [], state };
  const known = new Set(mode === 'diff' ? previous?.known ?? [] : []);
  const fresh = targets.paths.filter((p) => !known.has(p));
  if (mode === 'diff' && targets.truncated) {
    // A full folder is watched by its first names: a secret pushed out of that window by a new name
    // stays known (bounded), so it is not reported as new when it comes back.
    const inWindow = new Set(targets.paths);
    const pushedOut = [...known].filter((p) => !inWindow.has(p));
    state.known = [...targets.paths, ...pushedOut.slice(0, limit)];
  }
  const chosen = mode === 'sample' ? fresh.slice(0, 5) : fresh;
  const events: NewSecretEvent[] = [];
  await forEachLimited(chosen, 8, async (path) => {
    const event = await describeNew(client, path, targets.kvVersion);
    if (event) events.push(event);
  });
  events.sort((a, b) => epochMs(a.time) - epochMs(b.time) || a.path.localeCompare(b.path));
  return { events, state };
}

async function describeNew(client: VaultClient, path: string, kvVersion: 1 | 2): Promise<NewSecretEvent | undefined> {
  const cut = path.lastIndexOf('/');
  const base = { event: 'created' as const, path, folder: path.slice(0, cut + 1), name: path.slice(cut + 1) };
  if (kvVersion === 1) return { ...base, version: null, time: new Date().toISOString() };
  try {
    const meta = await client.kv.readMetadata(path);
    const first = meta.versions[String(Math.min(...Object.keys(meta.versions).map(Number)))];
    return { ...base, version: meta.current_version, time: first?.created_time ?? new Date().toISOString() };
  } catch (e) {
    // Listed, then purged before we looked: it did not really appear.
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

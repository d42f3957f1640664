import type { VaultError } from '../errors';
import type { KvLocation, KvSecret, WriteMode } from '../types';
import { type KvContext, apiPath, parseAnswer } from './context';
import type { KvEngine } from './engine';
import { describeLocation, kvError } from './kv-errors';
import { applyMergePatch } from './merge-patch';
import { kv1ReadSchema, listSchema } from './schemas';

const V2_WARNING = /versioned k\/v/i;

/**
 * KV version 1: `GET|POST|DELETE <mount>/<path>`, no versions, no metadata, no check-and-set.
 * Because v1 has no CAS, a merge is a plain read + write: two concurrent merges on the same
 * secret can lose one writer's keys. Use KV v2 where that matters.
 */
export function createKv1Engine(ctx: KvContext): KvEngine {
  const { config, send } = ctx;

  function notFound(loc: KvLocation, path: string, warnings: readonly string[]): VaultError {
    if (warnings.some((w) => V2_WARNING.test(w))) {
      return kvError({
        kind: 'not_found',
        summary: `"${loc.mount}" is a KV v2 mount, but ${loc.mount}${loc.path} was read with the KV v1 layout`,
        hint: 'Set the KV version in the connection to 2 (or leave it empty so it is detected).',
        config,
        method: 'GET',
        triedPath: path,
        status: 404,
        warnings,
      });
    }
    return kvError({
      kind: 'not_found',
      summary: `No secret at ${describeLocation(loc)}`,
      hint: `Check the path: it includes the mount ("${loc.mount}${loc.path || 'app/db'}"); on KV v1 there is no "data/" segment. List the folder to see what exists.`,
      config,
      method: 'GET',
      triedPath: path,
      status: 404,
      warnings,
    });
  }

  function unsupported(loc: KvLocation, what: string): VaultError {
    return kvError({
      kind: 'bad_request',
      summary: `${what} needs KV v2, but ${describeLocation(loc)} is KV v1 (no versions)`,
      hint: 'Use a KV v2 mount for versions, check-and-set, undelete and destroy.',
      config,
    });
  }

  async function readRaw(loc: KvLocation): Promise<Record<string, unknown> | undefined> {
    const path = apiPath(loc);
    const res = await send({ method: 'GET', path, acceptStatuses: [404] });
    if (res.status === 404) {
      if (res.warnings.some((w) => V2_WARNING.test(w))) throw notFound(loc, path, res.warnings);
      return undefined;
    }
    return parseAnswer(kv1ReadSchema, res.body, ctx, { method: 'GET', path, status: res.status }).data ?? {};
  }

  async function read(loc: KvLocation, version?: number): Promise<KvSecret> {
    if (version !== undefined) throw unsupported(loc, 'Reading a specific version');
    const path = apiPath(loc);
    const res = await send({ method: 'GET', path, acceptStatuses: [404] });
    if (res.status === 404) throw notFound(loc, path, res.warnings);
    const data = parseAnswer(kv1ReadSchema, res.body, ctx, { method: 'GET', path, status: res.status }).data ?? {};
    return { location: loc, data, metadata: null };
  }

  async function put(loc: KvLocation, data: Record<string, unknown>): Promise<void> {
    await send({ method: 'POST', path: apiPath(loc), body: data, idempotent: true });
  }

  async function write(loc: KvLocation, data: Record<string, unknown>, opts: { mode: WriteMode; cas?: number }): Promise<null> {
    if (opts.cas !== undefined) throw unsupported(loc, 'Check-and-set');
    if (opts.mode === 'replace') {
      await put(loc, data);
      return null;
    }
    const existing = await readRaw(loc);
    if (opts.mode === 'create' && existing !== undefined) {
      throw kvError({
        kind: 'bad_request',
        summary: `A secret already exists at ${describeLocation(loc)}`,
        hint: 'Use the "merge" or "replace" write mode to change it, or choose another path.',
        config,
      });
    }
    await put(loc, opts.mode === 'create' ? data : applyMergePatch(existing ?? {}, data));
    return null;
  }

  async function list(loc: KvLocation): Promise<string[]> {
    const path = apiPath(loc, undefined, { folder: true });
    const res = await send({ method: 'GET', path, query: { list: 'true' }, acceptStatuses: [404] });
    if (res.status === 404) return [];
    return parseAnswer(listSchema, res.body, ctx, { method: 'GET', path, status: res.status }).data.keys;
  }

  async function remove(loc: KvLocation, opts: { mode: string }): Promise<void> {
    if (opts.mode === 'soft' || opts.mode === 'purge') {
      await send({ method: 'DELETE', path: apiPath(loc), idempotent: true });
      return;
    }
    throw unsupported(loc, opts.mode === 'undelete' ? 'Undelete' : opts.mode === 'destroy' ? 'Destroying versions' : `Delete mode "${opts.mode}"`);
  }

  async function readMetadata(loc: KvLocation): Promise<Record<string, unknown>> {
    throw unsupported(loc, 'Reading metadata');
  }

  return { read, write, list, remove, readMetadata };
}

import type { VaultError } from '../errors';
import { isMissing } from '../http-errors';
import type { KvLocation, KvMetadata, KvSecret, WriteMode } from '../types';
import { type KvContext, listFolder } from './context';
import type { KvEngine } from './engine';
import { describeLocation, kvError, secretExistsError } from './kv-errors';
import { kv2LayoutWarning, kvApiPath, kvFolderPath } from './layout';
import { applyMergePatch } from './merge-patch';
import { kv1ReadSchema } from './schemas';

/**
 * KV version 1: `GET|POST|DELETE <mount>/<path>`, no versions, no metadata, no check-and-set.
 * Because v1 has no CAS, a merge is a plain read + write: two concurrent merges on the same
 * secret can lose one writer's keys. Use KV v2 where that matters.
 */
export function createKv1Engine(ctx: KvContext): KvEngine {
  const { config, send } = ctx;

  function notFound(loc: KvLocation, path: string, warnings: readonly string[]): VaultError {
    if (kv2LayoutWarning(warnings)) {
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

  /** The secret's data, or undefined when there is none (a KV v2 mount read the v1 way is an error). */
  async function readRaw(loc: KvLocation): Promise<Record<string, unknown> | undefined> {
    const path = kvApiPath(loc);
    try {
      return (await send({ method: 'GET', path, schema: kv1ReadSchema })).body.data ?? {};
    } catch (e) {
      if (!isMissing(e)) throw e;
      if (kv2LayoutWarning(e.warnings)) throw notFound(loc, path, e.warnings);
      return undefined;
    }
  }

  async function read(loc: KvLocation, version?: number): Promise<KvSecret> {
    if (version !== undefined) throw unsupported(loc, 'Reading a specific version');
    const path = kvApiPath(loc);
    try {
      const data = (await send({ method: 'GET', path, schema: kv1ReadSchema })).body.data ?? {};
      return { location: loc, data, metadata: null };
    } catch (e) {
      if (isMissing(e)) throw notFound(loc, path, e.warnings);
      throw e;
    }
  }

  async function put(loc: KvLocation, data: Record<string, unknown>): Promise<void> {
    await send({ method: 'POST', path: kvApiPath(loc), body: data, idempotent: true });
  }

  async function write(loc: KvLocation, data: Record<string, unknown>, opts: { mode: WriteMode; cas?: number }): Promise<null> {
    if (opts.cas !== undefined) throw unsupported(loc, 'Check-and-set');
    if (opts.mode === 'replace') {
      await put(loc, data);
      return null;
    }
    const existing = await readRaw(loc);
    if (opts.mode === 'create' && existing !== undefined) {
      throw secretExistsError(loc, config);
    }
    await put(loc, opts.mode === 'create' ? data : applyMergePatch(existing ?? {}, data));
    return null;
  }

  async function list(loc: KvLocation): Promise<string[]> {
    return listFolder(send, kvFolderPath(loc));
  }

  async function remove(loc: KvLocation, opts: { mode: string }): Promise<void> {
    if (opts.mode === 'soft' || opts.mode === 'purge') {
      await send({ method: 'DELETE', path: kvApiPath(loc), idempotent: true });
      return;
    }
    throw unsupported(loc, opts.mode === 'undelete' ? 'Undelete' : opts.mode === 'destroy' ? 'Destroying versions' : `Delete mode "${opts.mode}"`);
  }

  async function readMetadata(loc: KvLocation): Promise<KvMetadata> {
    throw unsupported(loc, 'Reading metadata');
  }

  return { read, write, list, remove, readMetadata };
}

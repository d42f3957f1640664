import { setTimeout as sleep } from 'node:timers/promises';
import { VaultError, isVaultError, vaultSaid } from '../errors';
import { isMissing, isUnsupportedOperation } from '../http-errors';
import type { KvLocation, KvMetadata, KvSecret, KvVersionMetadata, WriteMode } from '../types';
import { type KvContext, listFolder } from './context';
import type { KvEngine } from './engine';
import { describeLocation, kvError, secretExistsError } from './kv-errors';
import { kvApiPath, kvFolderPath } from './layout';
import { applyMergePatch } from './merge-patch';
import { type Kv2ReadAnswer, kv2ReadSchema, kv2WriteSchema, metadataSchema } from './schemas';

/** Bounded retries of a merge whose CAS write lost a race; jittered so writers spread out. */
const MERGE_MAX_ATTEMPTS = 60;
const MERGE_BACKOFF_BASE_MS = 4;
const MERGE_BACKOFF_MAX_MS = 100;
/** A read's 404 carries the metadata of a deleted or destroyed version. */
const READ_STATUSES: number[] = [404];

export interface Kv2State {
  /** Learned per client: false after Vault answered PATCH with 405 (Vault < 1.9). */
  patchSupported?: boolean;
}

function isCasMismatch(e: unknown): e is VaultError {
  return isVaultError(e) && e.kind === 'bad_request' && vaultSaid(e, 'check-and-set parameter did not match');
}

interface CurrentState {
  data: Record<string, unknown>;
  /** The version a CAS write must name: 0 when the secret has no versions. */
  version: number;
}

/** KV version 2: one API segment after the mount per operation (`layout.ts`). */
export function createKv2Engine(ctx: KvContext, state: Kv2State): KvEngine {
  const { config, send } = ctx;

  function notFound(loc: KvLocation, method: string, path: string, version?: number): VaultError {
    const setting = loc.discoveredBy === 'connection-setting' ? ' If that mount is KV v1, change the KV version in the connection (or leave it empty).' : '';
    return kvError({
      kind: 'not_found',
      summary: `No secret at ${describeLocation(loc)}${version ? `, version ${version}` : ''}`,
      hint: `Check the path: it includes the mount and no "data/" is needed ("${loc.mount}${loc.path || 'app/db'}"). List the folder to see what exists.${setting}`,
      config,
      method,
      triedPath: path,
      status: 404,
    });
  }

  function deletedVersion(loc: KvLocation, meta: KvVersionMetadata, path: string): VaultError {
    const what = meta.destroyed
      ? `was destroyed (permanently${meta.deletion_time ? `, deleted at ${meta.deletion_time}` : ''})`
      : `was deleted at ${meta.deletion_time} (a soft delete)`;
    return kvError({
      kind: 'not_found',
      summary: `Version ${meta.version} of ${describeLocation(loc)} ${what}`,
      hint: meta.destroyed ? 'Read another version, or write a new one.' : `Undelete version ${meta.version} to read it again, or read another version.`,
      config,
      method: 'GET',
      triedPath: path,
      status: 404,
    });
  }

  /** One `then`, no async layer: this sits on every read's path. */
  function read(loc: KvLocation, version?: number): Promise<KvSecret> {
    const path = kvApiPath(loc, 'data');
    const query = version === undefined ? undefined : { version };
    return send({ method: 'GET', path, query, acceptStatuses: READ_STATUSES, schema: kv2ReadSchema }).then((res) =>
      secretFrom(loc, path, res.status, res.body, version),
    );
  }

  function secretFrom(loc: KvLocation, path: string, status: number, answer: Kv2ReadAnswer | null, version: number | undefined): KvSecret {
    const body = answer ?? {};
    const meta = body.data?.metadata ?? null;
    if (meta && (body.data?.data === null || status === 404) && (meta.deletion_time || meta.destroyed)) {
      throw deletedVersion(loc, meta as KvVersionMetadata, path);
    }
    if (status === 404 || !body.data?.data) throw notFound(loc, 'GET', path, version);
    return { location: loc, data: body.data.data, metadata: meta as KvVersionMetadata | null };
  }

  /** Latest data and version for a CAS write; a missing or deleted latest version counts as empty. */
  async function current(loc: KvLocation): Promise<CurrentState> {
    const path = kvApiPath(loc, 'data');
    const res = await send({ method: 'GET', path, acceptStatuses: READ_STATUSES, schema: kv2ReadSchema });
    const body = res.body ?? {};
    const meta = body.data?.metadata;
    return { data: (res.status === 200 && body.data?.data) || {}, version: meta?.version ?? 0 };
  }

  async function post(loc: KvLocation, data: Record<string, unknown>, cas?: number): Promise<KvVersionMetadata> {
    const path = kvApiPath(loc, 'data');
    const res = await send({
      method: 'POST',
      path,
      body: cas === undefined ? { data } : { data, options: { cas } },
      idempotent: cas !== undefined,
      schema: kv2WriteSchema,
    });
    return res.body.data;
  }

  function casConflict(loc: KvLocation, cas: number, e?: VaultError): VaultError {
    return kvError({
      kind: 'bad_request',
      summary: `Check-and-set failed for ${describeLocation(loc)}: version ${cas} is not the current version`,
      hint: 'Someone changed the secret since that version. Read it again and retry with the current version, or write without check-and-set.',
      config,
      method: 'POST',
      triedPath: kvApiPath(loc, 'data'),
      status: 400,
      errors: e?.errors,
    });
  }

  /** Vault PATCH: `undefined` when it cannot be used here (405 learned, or nothing to patch yet). */
  async function patch(loc: KvLocation, data: Record<string, unknown>): Promise<KvVersionMetadata | undefined> {
    if (state.patchSupported === false) return undefined;
    try {
      const res = await send({
        method: 'PATCH',
        path: kvApiPath(loc, 'data'),
        body: { data },
        contentType: 'application/merge-patch+json',
        idempotent: true,
        schema: kv2WriteSchema,
      });
      state.patchSupported = true;
      return res.body.data;
    } catch (e) {
      if (isUnsupportedOperation(e)) {
        state.patchSupported = false;
        return undefined;
      }
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  /**
   * Read + write with `cas` = the version read, retried on a CAS conflict, so concurrent merges of
   * different keys never lose each other's keys. With an explicit `cas`, a conflict is reported.
   */
  async function mergeByCas(loc: KvLocation, data: Record<string, unknown>, explicitCas?: number): Promise<KvVersionMetadata> {
    for (let attempt = 0; ; attempt++) {
      const cur = await current(loc);
      const cas = explicitCas ?? cur.version;
      if (explicitCas !== undefined && explicitCas !== cur.version) throw casConflict(loc, explicitCas);
      try {
        return await post(loc, applyMergePatch(cur.data, data), cas);
      } catch (e) {
        if (!isCasMismatch(e)) throw e;
        if (explicitCas !== undefined || attempt + 1 >= MERGE_MAX_ATTEMPTS) throw casConflict(loc, cas, e);
        const ceiling = Math.min(MERGE_BACKOFF_MAX_MS, MERGE_BACKOFF_BASE_MS * 2 ** Math.min(attempt, 5));
        await sleep(Math.random() * ceiling);
      }
    }
  }

  async function write(loc: KvLocation, data: Record<string, unknown>, opts: { mode: WriteMode; cas?: number }): Promise<KvVersionMetadata> {
    switch (opts.mode) {
      case 'create':
        try {
          return await post(loc, data, 0);
        } catch (e) {
          if (!isCasMismatch(e)) throw e;
          throw secretExistsError(loc, config, { method: 'POST', triedPath: kvApiPath(loc, 'data'), status: 400, errors: e.errors });
        }
      case 'replace':
        try {
          return await post(loc, data, opts.cas);
        } catch (e) {
          if (isCasMismatch(e) && opts.cas !== undefined) throw casConflict(loc, opts.cas, e);
          throw e;
        }
      case 'merge':
      default: {
        if (opts.cas === undefined) {
          const patched = await patch(loc, data);
          if (patched) return patched;
        }
        return mergeByCas(loc, data, opts.cas);
      }
    }
  }

  async function list(loc: KvLocation): Promise<string[]> {
    return listFolder(send, kvFolderPath(loc, 'metadata'));
  }

  async function readMetadata(loc: KvLocation): Promise<KvMetadata> {
    const path = kvApiPath(loc, 'metadata');
    try {
      return (await send({ method: 'GET', path, schema: metadataSchema })).body.data;
    } catch (e) {
      if (isMissing(e)) throw notFound(loc, 'GET', path);
      throw e;
    }
  }

  async function remove(loc: KvLocation, opts: { mode: string; versions?: number[] }): Promise<void> {
    const versions = opts.versions?.filter((v) => Number.isInteger(v) && v > 0) ?? [];
    switch (opts.mode) {
      case 'soft':
        if (versions.length > 0) await send({ method: 'POST', path: kvApiPath(loc, 'delete'), body: { versions }, idempotent: true });
        else await send({ method: 'DELETE', path: kvApiPath(loc, 'data'), idempotent: true });
        return;
      case 'undelete': {
        const which = versions.length > 0 ? versions : [(await readMetadata(loc)).current_version].filter((v) => v > 0);
        await send({ method: 'POST', path: kvApiPath(loc, 'undelete'), body: { versions: which }, idempotent: true });
        return;
      }
      case 'destroy':
        if (versions.length === 0) {
          throw kvError({
            kind: 'bad_request',
            summary: `Destroying needs the versions to destroy (${describeLocation(loc)})`,
            hint: 'Give one or more version numbers; to remove every version use the "purge" mode.',
            config,
          });
        }
        await send({ method: 'PUT', path: kvApiPath(loc, 'destroy'), body: { versions }, idempotent: true });
        return;
      case 'purge':
        await send({ method: 'DELETE', path: kvApiPath(loc, 'metadata'), idempotent: true });
        return;
      default:
        throw kvError({ kind: 'bad_request', summary: `Unknown delete mode "${opts.mode}"`, hint: 'Use soft, undelete, destroy or purge.', config });
    }
  }

  return { read, write, list, remove, readMetadata };
}

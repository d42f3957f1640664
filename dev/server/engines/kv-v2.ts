import type { Backend, Ctx } from '../types';
import { vaultTime } from '../util/clock';
import { durationField, goDuration } from '../util/durations';
import { mergePatch } from '../util/merge-patch';
import { badRequest, childKeys, envelope, fail, listResult, noContent, notFound, ok, unsupported, wrapped, type Result } from '../util/respond';
import { FieldConversionError, mapField, queryIntField } from '../util/go-fields';
import { readFields, type Schema } from '../util/field-schema';
import { trimTrailingSlashes } from '../util/slashes';

interface Version {
  data: Record<string, unknown> | null;
  createdMs: number;
  created: string;
  /** 0 = not deleted; may be in the future with delete_version_after. */
  deletionMs: number;
  deletion: string;
  destroyed: boolean;
}

interface Secret {
  versions: Map<number, Version>;
  currentVersion: number;
  oldestVersion: number;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfter: number;
  customMetadata: Record<string, string> | null;
  created: string;
  updated: string;
}

const INVALID_PATH_WARNING =
  "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";
const DEFAULT_MAX_VERSIONS = 10;
// vault-plugin-secrets-kv upgrade.go upgradeCheck
const UPGRADING = 'Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly.';

/** KV version 2: versions, CAS, soft delete/undelete/destroy, metadata, merge patch. */
export class KvV2Backend implements Backend {
  private readonly secrets = new Map<string, Secret>();
  private readonly config = { max_versions: 0, cas_required: false, delete_version_after: 0 };
  /** While a KV v1 mount is being upgraded (server clock, ms). */
  unavailableUntilMs = 0;

  /** A KV v1 key becomes version 1 (upgrade from KV v1). */
  importUnversioned(path: string, data: Record<string, unknown>, nowMs: number): void {
    const s = this.newSecret(nowMs);
    s.versions.set(1, { data, createdMs: nowMs, created: vaultTime(nowMs), deletionMs: 0, deletion: '', destroyed: false });
    s.currentVersion = 1;
    s.oldestVersion = 1;
    this.secrets.set(path, s);
  }

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^(data|metadata)\/(.+)$/.exec(sub);
    return m ? this.secrets.has(m[2]) : true;
  }

  handle(ctx: Ctx, sub: string): Result {
    if (this.unavailableUntilMs > ctx.core.clock.nowMs()) return badRequest(UPGRADING);
    if (sub === 'config') return this.configEndpoint(ctx);
    const slash = sub.indexOf('/');
    const area = slash === -1 ? sub : sub.slice(0, slash);
    const path = slash === -1 ? '' : sub.slice(slash + 1);
    if (area === 'metadata') return this.metadata(ctx, path);
    if (path === '') return invalidPath();
    switch (area) {
      case 'data':
        return this.data(ctx, path);
      case 'delete':
        return this.versionsOp(ctx, path, 'No version number provided', (v, now) => {
          if (!v.deletionMs || v.deletionMs > now) setDeleted(v, now);
        });
      case 'undelete':
        return this.versionsOp(ctx, path, 'No version number provided', (v) => {
          if (!v.destroyed) setDeleted(v, 0);
        });
      case 'destroy':
        return this.versionsOp(ctx, path, 'no version number provided', (v) => {
          v.destroyed = true;
          v.data = null;
        });
      default:
        return invalidPath();
    }
  }

  private isDeleted(v: Version, now: number): boolean {
    return v.deletionMs !== 0 && v.deletionMs <= now;
  }

  private data(ctx: Ctx, path: string): Result {
    const now = ctx.core.clock.nowMs();
    switch (ctx.method) {
      case 'GET': {
        let requested: number;
        try {
          requested = queryIntField('version', ctx.query.getAll('version'));
        } catch (e) {
          // A read handler's field error is a plain Go error: 500, wrapped.
          if (e instanceof FieldConversionError) return fail(500, wrapped(e.message));
          throw e;
        }
        // The metadata is looked up under the cleaned key (path.Join drops a trailing '/'), the
        // version data under the key as sent, so a read of "x/" finds x's metadata and no data.
        const clean = trimTrailingSlashes(path);
        if (clean !== path && this.secrets.get(clean)?.currentVersion) return fail(500, wrapped('could not find version data'));
        const s = this.secrets.get(path);
        const wanted = requested || s?.currentVersion || 0;
        const v = s?.versions.get(wanted);
        if (!s || !v) return notFound();
        const metadata = versionMeta(v, wanted);
        if (v.destroyed || this.isDeleted(v, now)) return { status: 404, body: envelope({ data: { data: null, metadata } }) };
        return ok({ data: v.data, metadata });
      }
      case 'POST':
      case 'PUT':
        if (!('data' in ctx.body)) return badRequest('no data provided');
        return this.write(ctx, path, (_current) => mapField('data', ctx.body.data));
      case 'PATCH': {
        const s = this.secrets.get(path);
        const current = s?.versions.get(s.currentVersion);
        if (!s || !current || current.destroyed || this.isDeleted(current, now)) return notFound();
        return this.write(ctx, path, () => {
          const patch = ctx.body.data;
          if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
          return mergePatch(current.data, patch);
        });
      }
      case 'DELETE': {
        const s = this.secrets.get(path);
        const v = s?.versions.get(s.currentVersion);
        if (v && !v.destroyed && !this.isDeleted(v, now)) setDeleted(v, now);
        return noContent();
      }
      default:
        return unsupported();
    }
  }

  private write(ctx: Ctx, path: string, produce: (current?: Version) => unknown): Result {
    let data: unknown;
    try {
      data = produce();
    } catch (e) {
      if (e instanceof FieldConversionError) return badRequest(e.message);
      throw e;
    }
    if (data === undefined) return badRequest('no data provided');
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) return badRequest('error parsing data: data must be a JSON object');
    const existing = this.secrets.get(path);
    const options = (ctx.body.options ?? {}) as Record<string, unknown>;
    const casRequired = this.config.cas_required || existing?.casRequired;
    // validateCheckAndSetOption (vault-plugin-secrets-kv path_data.go): a present `cas` key is
    // weakly decoded (null -> 0, "2" -> 2); only an absent one counts as missing.
    if (!Object.prototype.hasOwnProperty.call(options, 'cas')) {
      if (casRequired) return badRequest('check-and-set parameter required for this call');
    } else {
      const cas = weakInt(options.cas);
      if (cas === undefined) return badRequest('error parsing check-and-set parameter');
      if (cas !== (existing?.currentVersion ?? 0)) return badRequest('check-and-set parameter did not match the current version');
    }
    const now = ctx.core.clock.nowMs();
    const s = existing ?? this.newSecret(now);
    const version = s.currentVersion + 1;
    const v: Version = { data: data as Record<string, unknown>, createdMs: now, created: vaultTime(now), deletionMs: 0, deletion: '', destroyed: false };
    const after = s.deleteVersionAfter || this.config.delete_version_after;
    if (after > 0) setDeleted(v, now + after * 1000);
    s.versions.set(version, v);
    s.currentVersion = version;
    s.updated = v.created;
    this.trim(s);
    this.secrets.set(path, s);
    return ok(versionMeta(v, version));
  }

  private newSecret(now: number): Secret {
    const t = vaultTime(now);
    return {
      versions: new Map(),
      currentVersion: 0,
      oldestVersion: 0,
      maxVersions: 0,
      casRequired: false,
      deleteVersionAfter: 0,
      customMetadata: null,
      created: t,
      updated: t,
    };
  }

  private trim(s: Secret): void {
    const max = s.maxVersions || this.config.max_versions || DEFAULT_MAX_VERSIONS;
    while (s.versions.size > max) {
      const oldest = Math.min(...s.versions.keys());
      s.versions.delete(oldest);
      s.oldestVersion = Math.min(...s.versions.keys());
    }
  }

  /** `noVersions` is the plugin's own text, whose case differs between delete/undelete and destroy. */
  private versionsOp(ctx: Ctx, path: string, noVersions: string, apply: (v: Version, now: number) => void): Result {
    if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
    const versions = ctx.body.versions;
    const list = (Array.isArray(versions) ? versions : typeof versions === 'string' ? versions.split(',') : []).map(Number);
    if (list.length === 0) return badRequest(noVersions);
    const s = this.secrets.get(path);
    const now = ctx.core.clock.nowMs();
    for (const n of list) {
      const v = s?.versions.get(n);
      if (v) apply(v, now);
    }
    return noContent();
  }

  private metadata(ctx: Ctx, path: string): Result {
    if (ctx.method === 'LIST') {
      const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
      return listResult(childKeys(this.secrets.keys(), prefix));
    }
    if (path === '') return invalidPath();
    const s = this.secrets.get(path);
    switch (ctx.method) {
      case 'GET':
        return s ? ok(this.metadataJson(s)) : notFound();
      case 'POST':
      case 'PUT': {
        const f = readFields(ctx.body, this.metadataSchema(ctx));
        // path_metadata.go: nothing to set, nothing written (the key is not created)
        if (Object.keys(f).length === 0) return noContent();
        const target = s ?? this.newSecret(ctx.core.clock.nowMs());
        this.applyMetadata(ctx, target);
        this.secrets.set(path, target);
        return noContent();
      }
      case 'PATCH':
        if (!s) return notFound();
        this.applyMetadata(ctx, s);
        return noContent();
      case 'DELETE':
        this.secrets.delete(path);
        return noContent();
      default:
        return unsupported();
    }
  }

  /** Vault 1.8's plugin (v0.9) has no custom_metadata: it is an unknown field there, ignored. */
  private metadataSchema(ctx: Ctx): Schema {
    const base: Schema = { max_versions: 'int', cas_required: 'bool', delete_version_after: 'duration' };
    return ctx.core.patchSupported ? { ...base, custom_metadata: 'map' } : base;
  }

  private applyMetadata(ctx: Ctx, s: Secret): void {
    const f = readFields(ctx.body, this.metadataSchema(ctx));
    const b = ctx.body;
    if ('max_versions' in f) s.maxVersions = f.max_versions as number;
    if ('cas_required' in f) s.casRequired = f.cas_required as boolean;
    if ('delete_version_after' in f) s.deleteVersionAfter = f.delete_version_after as number;
    if ('custom_metadata' in f) {
      const cm = b.custom_metadata as Record<string, unknown> | null;
      s.customMetadata = ctx.method === 'PATCH' ? (mergePatch(s.customMetadata, cm) as Record<string, string>) : (cm as Record<string, string>);
    }
    this.trim(s);
  }

  private metadataJson(s: Secret): Record<string, unknown> {
    const versions: Record<string, unknown> = {};
    for (const [n, v] of s.versions) versions[String(n)] = { created_time: v.created, deletion_time: v.deletion, destroyed: v.destroyed };
    const out: Record<string, unknown> = {
      cas_required: s.casRequired,
      created_time: s.created,
      current_version: s.currentVersion,
      delete_version_after: goDuration(s.deleteVersionAfter),
      max_versions: s.maxVersions,
      oldest_version: s.oldestVersion,
      updated_time: s.updated,
      versions,
    };
    if (s.customMetadata) out.custom_metadata = s.customMetadata;
    return out;
  }

  private configEndpoint(ctx: Ctx): Result {
    if (ctx.method === 'GET') {
      return ok({
        cas_required: this.config.cas_required,
        delete_version_after: goDuration(this.config.delete_version_after),
        max_versions: this.config.max_versions,
      });
    }
    if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
    const f = readFields(ctx.body, { max_versions: 'int', cas_required: 'bool', delete_version_after: 'duration' });
    if ('max_versions' in f) this.config.max_versions = f.max_versions as number;
    if ('cas_required' in f) this.config.cas_required = f.cas_required as boolean;
    if ('delete_version_after' in f) this.config.delete_version_after = f.delete_version_after as number;
    return noContent();
  }
}

/** mapstructure.WeakDecode into an int: null -> 0, bools, integral numbers and numeric strings. */
function weakInt(v: unknown): number | undefined {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'string') return /^[+-]?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim() === '' ? 0 : undefined;
  return undefined;
}

function setDeleted(v: Version, ms: number): void {
  v.deletionMs = ms;
  v.deletion = ms ? vaultTime(ms) : '';
}

function versionMeta(v: Version, version: number): Record<string, unknown> {
  return { created_time: v.created, deletion_time: v.deletion, destroyed: v.destroyed, version };
}

function invalidPath(): Result {
  return { status: 404, body: envelope({ warnings: [INVALID_PATH_WARNING] }) };
}

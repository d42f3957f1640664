/**
 * sys/mounts/<path>/tune and sys/auth/<path>/tune (vault/logical_system.go handleTuneReadCommon,
 * handleTuneWriteCommon, tuneMountTTLs): the mount's default and max lease TTL (0 = the system's),
 * its description, and for KV the version upgrade.
 */
import type { Ctx, MountEntry } from '../types';
import { SYSTEM_MAX_TTL } from '../constants';
import { KvV1Backend } from '../engines/kv-v1';
import { upgradeToV2 } from '../engines/kv-upgrade';
import { parseDurationSecond } from '../util/field-schema';
import { badRequest, noContent, ok, unsupported, type Result } from '../util/respond';

const seconds = (v: unknown) => (typeof v === 'number' ? v : 0);

function readTune(m: MountEntry, auth: boolean): Result {
  const data: Record<string, unknown> = {
    default_lease_ttl: seconds(m.config.default_lease_ttl) || SYSTEM_MAX_TTL,
    max_lease_ttl: seconds(m.config.max_lease_ttl) || SYSTEM_MAX_TTL,
    force_no_cache: false,
    description: m.description,
  };
  if (m.options && Object.keys(m.options).length) data.options = m.options;
  if (auth) data.token_type = 'default-service';
  return ok(data);
}

/** A TTL of the tune body: "" keeps the current one, "system" means 0, else ParseDurationSecond. */
function ttlOf(v: unknown, current: number): number | Error {
  if (v === undefined || v === null || v === '') return current;
  const text = typeof v === 'number' ? String(v) : v;
  if (text === 'system') return 0;
  const parsed = parseDurationSecond(text);
  return parsed instanceof Error ? parsed : Math.trunc(parsed);
}

function tuneTtls(m: MountEntry, body: Record<string, unknown>): string | undefined {
  const current = { def: seconds(m.config.default_lease_ttl), max: seconds(m.config.max_lease_ttl) };
  const def = ttlOf(body.default_lease_ttl, current.def);
  if (def instanceof Error) return def.message;
  const max = ttlOf(body.max_lease_ttl, current.max);
  if (max instanceof Error) return max.message;
  if (def === current.def && max === current.max) return undefined;
  if (def !== 0 && max === 0 && def > SYSTEM_MAX_TTL)
    return `new backend default lease TTL of ${def} greater than system max lease TTL of ${SYSTEM_MAX_TTL}`;
  if (def !== 0 && max !== 0 && max < def) return `backend max lease TTL of ${max} would be less than backend default lease TTL of ${def}`;
  m.config = { ...m.config, default_lease_ttl: def, max_lease_ttl: max };
  return undefined;
}

export function tuneMount(ctx: Ctx, m: MountEntry, auth: boolean): Result {
  if (ctx.method === 'GET') return readTune(m, auth);
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const refused = tuneTtls(m, ctx.body);
  if (refused) return badRequest(refused);
  const opts = ctx.body.options as Record<string, unknown> | undefined;
  const warnings: string[] = [];
  if (opts?.version !== undefined && m.type === 'kv') {
    const from = Number(m.options?.version ?? 0) || 0;
    const to = Number(opts.version);
    if (!Number.isInteger(to)) return badRequest(`unable to parse options.version: ${String(opts.version)}`);
    if (to < from) return badRequest('cannot downgrade mount from versioned to non-versioned');
    if (to !== from) {
      if (to === 2 && m.backend instanceof KvV1Backend) m.backend = upgradeToV2(m.backend, () => ctx.core.clock.nowMs());
      m.options = { ...(m.options ?? {}), version: String(to) };
      warnings.push(`Upgrading mount from version ${from} to version ${to}. This mount will be unavailable for a brief period and will resume service shortly.`);
    }
  }
  if (typeof ctx.body.description === 'string') m.description = ctx.body.description;
  return warnings.length ? ok(null, { warnings }) : noContent();
}

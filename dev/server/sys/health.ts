import type { Ctx } from '../types';
import { VAULT_VERSION } from '../constants';
import type { ServerCore } from '../core';
import { fail, noContent, type Result } from '../util/respond';
import { SealError } from '../state/seal';
import { goBool } from '../util/go-bool';

class BadParam extends Error {}

/** http/sys_health.go fetchStatusCode: strconv.Atoi, and a bare 400 when it fails. */
function codeParam(ctx: Ctx, name: string, fallback: number): number {
  const v = ctx.query.get(name);
  if (v === null) return fallback;
  if (!/^[+-]?\d+$/.test(v)) throw new BadParam();
  const n = Number(v);
  if (n < 100 || n > 599) throw new BadParam(); // Go would panic writing such a status; refuse it instead.
  return n;
}

/** `standbyok` / `perfstandbyok`: present means parsed with Go's ParseBool (a bare `?standbyok` is an error). */
function okParam(ctx: Ctx, name: string): boolean | Result {
  const v = ctx.query.get(name);
  if (v === null) return false;
  const b = goBool(v);
  if (b === undefined) return fail(400, `bad value for ${name} parameter: strconv.ParseBool: parsing "${v}": invalid syntax`);
  return b;
}

/** sys/health: status tells active (200), standby (429), DR secondary (472), perf standby (473), uninitialized (501), sealed (503). */
export function health(ctx: Ctx): Result {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return fail(405);
  const standbyOk = okParam(ctx, 'standbyok');
  if (typeof standbyOk !== 'boolean') return standbyOk;
  const perfStandbyOk = okParam(ctx, 'perfstandbyok');
  if (typeof perfStandbyOk !== 'boolean') return perfStandbyOk;
  try {
    return healthWith(ctx, standbyOk, perfStandbyOk);
  } catch (e) {
    if (e instanceof BadParam) return fail(400);
    throw e;
  }
}

function healthWith(ctx: Ctx, standbyOk: boolean, perfStandbyOk: boolean): Result {
  const { core } = ctx;
  const h = core.health;
  // Every code parameter is parsed up front, like Vault does, so a bad one fails whatever the state.
  const codes = {
    uninit: codeParam(ctx, 'uninitcode', 501),
    sealed: codeParam(ctx, 'sealedcode', 503),
    standby: codeParam(ctx, 'standbycode', 429),
    active: codeParam(ctx, 'activecode', 200),
    dr: codeParam(ctx, 'drsecondarycode', 472),
    perf: codeParam(ctx, 'performancestandbycode', 473),
  };
  const initialized = h.initialized && core.seal.initialized;
  const body: Record<string, unknown> = {
    initialized,
    sealed: core.sealed,
    standby: core.sealed || h.standby || h.performanceStandby,
    performance_standby: h.performanceStandby,
    // A sealed node cannot read its replication state (recorded from 1.8).
    replication_performance_mode: core.sealed ? 'unknown' : 'disabled',
    replication_dr_mode: core.sealed ? 'unknown' : h.drSecondary ? 'secondary' : 'disabled',
    server_time_utc: core.clock.nowSec(),
    version: VAULT_VERSION,
  };
  if (!core.sealed) {
    body.cluster_name = core.clusterName;
    body.cluster_id = core.clusterId;
  }
  let status: number;
  if (!initialized) status = codes.uninit;
  else if (core.sealed) status = codes.sealed;
  else if (h.drSecondary) status = codes.dr;
  else if (h.performanceStandby) status = perfStandbyOk ? codes.active : codes.perf;
  else if (h.standby) status = standbyOk ? codes.active : codes.standby;
  else status = codes.active;
  return { status, body: ctx.method === 'HEAD' ? undefined : body };
}

/** http/sys_seal.go SealStatusResponse; before `sys/init` only the seal type is known. */
export function sealStatusBody(core: ServerCore): Record<string, unknown> {
  const { seal } = core;
  const body: Record<string, unknown> = {
    type: 'shamir',
    initialized: seal.initialized,
    sealed: core.sealed,
    t: seal.threshold,
    n: seal.shares,
    progress: seal.progressCount,
    nonce: seal.nonce,
    version: VAULT_VERSION,
    migration: false,
    recovery_seal: false,
    storage_type: 'inmem',
  };
  if (!core.sealed) {
    body.cluster_name = core.clusterName;
    body.cluster_id = core.clusterId;
  }
  return body;
}

/** Served by Vault's HTTP handlers, not the logical router: a wrong verb is a bare 405. */
const methodNotAllowed = (): Result => fail(405);

export function sealStatus(ctx: Ctx): Result {
  return ctx.method === 'GET' ? { status: 200, body: sealStatusBody(ctx.core) } : methodNotAllowed();
}

export function seal(ctx: Ctx): Result {
  if (ctx.method !== 'PUT' && ctx.method !== 'POST') return methodNotAllowed();
  ctx.core.sealed = true;
  return noContent();
}

export function unseal(ctx: Ctx): Result {
  if (ctx.method !== 'PUT' && ctx.method !== 'POST') return methodNotAllowed();
  const { core } = ctx;
  if (ctx.body.reset === true) {
    core.seal.resetProgress();
    return { status: 200, body: sealStatusBody(core) };
  }
  const key = ctx.body.key;
  if (typeof key !== 'string' || key === '') return fail(400, "'key' must be specified in request body as JSON, or 'reset' set to true");
  try {
    core.seal.submit(key);
  } catch (e) {
    if (e instanceof SealError) return fail(e.status, e.message);
    throw e;
  }
  return { status: 200, body: sealStatusBody(core) };
}

export function leader(ctx: Ctx): Result {
  if (ctx.method !== 'GET') return methodNotAllowed();
  return {
    status: 200,
    body: {
      ha_enabled: false,
      is_self: false,
      active_time: '0001-01-01T00:00:00Z',
      leader_address: '',
      leader_cluster_address: '',
      performance_standby: false,
      performance_standby_last_remote_wal: 0,
    },
  };
}

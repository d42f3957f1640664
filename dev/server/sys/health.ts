import type { Ctx } from '../types';
import { VAULT_VERSION, type ServerCore } from '../core';
import { fail, noContent, unsupported, type Result } from '../util/respond';

function codeParam(ctx: Ctx, name: string, fallback: number): number {
  const v = ctx.query.get(name);
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n >= 100 && n < 600 ? n : fallback;
}

/** sys/health: status tells active (200), standby (429), DR secondary (472), perf standby (473), uninitialized (501), sealed (503). */
export function health(ctx: Ctx): Result {
  const { core } = ctx;
  const h = core.health;
  const body: Record<string, unknown> = {
    initialized: h.initialized,
    sealed: core.sealed,
    standby: core.sealed || h.standby || h.performanceStandby,
    performance_standby: h.performanceStandby,
    replication_performance_mode: 'disabled',
    replication_dr_mode: h.drSecondary ? 'secondary' : 'disabled',
    server_time_utc: core.clock.nowSec(),
    version: VAULT_VERSION,
  };
  if (!core.sealed) {
    body.cluster_name = core.clusterName;
    body.cluster_id = core.clusterId;
  }
  let status: number;
  if (!h.initialized) status = codeParam(ctx, 'uninitcode', 501);
  else if (core.sealed) status = codeParam(ctx, 'sealedcode', 503);
  else if (h.drSecondary) status = codeParam(ctx, 'drsecondarycode', 472);
  else if (h.performanceStandby)
    status = ctx.query.has('perfstandbyok') && ctx.query.get('perfstandbyok') !== 'false' ? codeParam(ctx, 'activecode', 200) : codeParam(ctx, 'performancestandbycode', 473);
  else if (h.standby)
    status = ctx.query.has('standbyok') && ctx.query.get('standbyok') !== 'false' ? codeParam(ctx, 'activecode', 200) : codeParam(ctx, 'standbycode', 429);
  else status = codeParam(ctx, 'activecode', 200);
  return { status, body: ctx.method === 'HEAD' ? undefined : body };
}

export function sealStatusBody(core: ServerCore): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: 'shamir',
    initialized: true,
    sealed: core.sealed,
    t: 1,
    n: 1,
    progress: 0,
    nonce: '',
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

export function sealStatus(ctx: Ctx): Result {
  return ctx.method === 'GET' ? { status: 200, body: sealStatusBody(ctx.core) } : unsupported();
}

export function seal(ctx: Ctx): Result {
  if (ctx.method !== 'PUT' && ctx.method !== 'POST') return unsupported();
  ctx.core.sealed = true;
  return noContent();
}

export function unseal(ctx: Ctx): Result {
  if (ctx.method !== 'PUT' && ctx.method !== 'POST') return unsupported();
  const { core } = ctx;
  if (ctx.body.reset === true) return { status: 200, body: sealStatusBody(core) };
  const key = ctx.body.key;
  if (typeof key !== 'string' || key === '') return fail(400, "'key' must be specified in request body as JSON, or 'reset' set to true");
  const hexKey = Buffer.from(core.unsealKey, 'base64').toString('hex');
  if (key !== core.unsealKey && key !== hexKey) return fail(400, 'Unseal failed, invalid key');
  core.sealed = false;
  return { status: 200, body: sealStatusBody(core) };
}

export function leader(ctx: Ctx): Result {
  if (ctx.method !== 'GET') return unsupported();
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

/**
 * Vault's framework.CalculateTTL (sdk/framework/lease.go): times are truncated to the second, the TTL
 * is capped at what is left until start + max TTL, with a warning naming both durations.
 */
import { SYSTEM_MAX_TTL } from '../constants';

export interface TtlInput {
  /** Seconds asked for (a renewal's increment); 0 = none. */
  increment: number;
  /** The backend's TTL (role or token TTL); 0 = the system default. */
  backendTtl: number;
  /** A periodic token's period: the TTL whatever else is asked, capped by the max TTL; 0 = none. */
  period?: number;
  /** The backend's max TTL; 0 = the system max. */
  backendMaxTtl: number;
  explicitMaxTtl: number;
  /** When the lease started (ms); undefined = now. */
  startMs?: number;
  nowMs: number;
}

export function calculateTtl(i: TtlInput): { ttl: number; warnings: string[] } {
  const now = Math.floor(i.nowMs / 1000);
  const start = i.startMs === undefined ? now : Math.floor(i.startMs / 1000);
  let maxTtl = SYSTEM_MAX_TTL;
  if (i.backendMaxTtl > 0 && i.backendMaxTtl < maxTtl) maxTtl = i.backendMaxTtl;
  if (i.explicitMaxTtl > 0 && i.explicitMaxTtl < maxTtl) maxTtl = i.explicitMaxTtl;
  const warnings: string[] = [];
  let ttl: number;
  // a periodic token lives `period` from each renewal; only an explicit max TTL ends it
  let maxValidTtl: number | undefined;
  if (i.period && i.period > 0) {
    ttl = i.period;
    if (ttl > maxTtl) {
      warnings.push(`period of "${humanDuration(ttl)}" exceeded the effective max_ttl of "${humanDuration(maxTtl)}"; period value is capped accordingly`);
      ttl = maxTtl;
    }
    if (i.explicitMaxTtl > 0) maxValidTtl = start + i.explicitMaxTtl - now;
  } else {
    ttl = i.increment > 0 ? i.increment : i.backendTtl > 0 ? i.backendTtl : SYSTEM_MAX_TTL;
    maxValidTtl = start + maxTtl - now;
  }
  if (maxValidTtl !== undefined) {
    if (maxValidTtl <= 0) throw new PastMaxTtl();
    if (maxValidTtl < ttl) {
      warnings.push(`TTL of "${humanDuration(ttl)}" exceeded the effective max_ttl of "${humanDuration(maxValidTtl)}"; TTL value is capped accordingly`);
      ttl = maxValidTtl;
    }
  }
  return { ttl, warnings };
}

export class PastMaxTtl extends Error {
  constructor() {
    super('past the max TTL, cannot renew');
  }
}

/** Go's Duration.String() without zero units: 3600 -> "1h", 3630 -> "1h30s", 0 -> "0s". */
export function humanDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  let out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  if (out.endsWith('m0s')) out = out.slice(0, -2);
  const idx = out.indexOf('h0m');
  if (idx > 0) out = out.slice(0, idx + 1) + out.slice(idx + 3);
  return out;
}

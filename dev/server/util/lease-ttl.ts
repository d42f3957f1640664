import { SYSTEM_MAX_TTL } from '../constants';
import type { MountEntry } from '../types';
import { goDuration } from './durations';

/** A mount's default and max lease TTL in seconds (0 in its config means the system's 768h). */
export function mountTtls(mount: MountEntry | undefined): { defaultTtl: number; maxTtl: number } {
  const seconds = (v: unknown) => (typeof v === 'number' && v > 0 ? v : SYSTEM_MAX_TTL);
  return { defaultTtl: seconds(mount?.config.default_lease_ttl), maxTtl: seconds(mount?.config.max_lease_ttl) };
}

export interface TtlInput {
  nowMs: number;
  /** Seconds asked for by the client (renew increment); 0 = none. */
  increment: number;
  /** The backend's TTL for the secret; 0 = the mount default. */
  backendTtl: number;
  /** The backend's cap; 0 = the mount max. */
  backendMaxTtl: number;
  mount: { defaultTtl: number; maxTtl: number };
  /** When the lease was issued; undefined = now (a new lease). */
  startMs?: number;
}

/** Vault's framework.CalculateTTL for secrets (no period): the TTL granted and the warning when capped. */
export function calculateTtl(input: TtlInput): { ttl: number; warnings: string[] } | { error: string } {
  const now = Math.floor(input.nowMs / 1000);
  const start = input.startMs === undefined ? now : Math.floor(input.startMs / 1000);
  let maxTtl = input.mount.maxTtl;
  if (input.backendMaxTtl > 0 && input.backendMaxTtl < maxTtl) maxTtl = input.backendMaxTtl;
  let ttl = input.increment > 0 ? input.increment : input.backendTtl > 0 ? input.backendTtl : input.mount.defaultTtl;
  const maxValid = start + maxTtl - now;
  if (maxValid < 0) return { error: 'past the max TTL, cannot renew' };
  const warnings: string[] = [];
  if (maxValid < ttl) {
    warnings.push(`TTL of "${goDuration(ttl)}" exceeded the effective max_ttl of "${goDuration(maxValid)}"; TTL value is capped accordingly`);
    ttl = maxValid;
  }
  return { ttl, warnings };
}

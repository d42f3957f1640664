/**
 * `sys/leases/*`: look up, renew and revoke the lease of a dynamic secret (database credentials,
 * cloud keys, certificates from a role with `generate_lease`). The lease id names the secret, never
 * holds it.
 */
import { z } from 'zod';
import type { VaultRequester } from './requester';

export interface LeaseInfo {
  /** ISO 8601 (Vault's RFC 3339), or null for a lease that never expires. */
  expireTime: string | null;
  /** Seconds left. */
  ttl: number;
  renewable: boolean;
  issueTime: string | null;
}

export interface RenewedLease {
  leaseId: string;
  /** Seconds the lease now has. */
  leaseDuration: number;
  renewable: boolean;
}

/** Vault times carry nanoseconds and a zone: normalise to ISO 8601 in UTC (milliseconds). */
function isoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

const lookupAnswer = z
  .object({
    data: z.object({
      id: z.string().optional(),
      issue_time: z.string().nullish(),
      expire_time: z.string().nullish(),
      renewable: z.boolean().nullish(),
      ttl: z.number(),
    }),
  })
  .transform(
    (a): LeaseInfo => ({
      expireTime: isoTime(a.data.expire_time),
      ttl: a.data.ttl,
      renewable: a.data.renewable ?? false,
      issueTime: isoTime(a.data.issue_time),
    }),
  );

const renewAnswer = z
  .object({ lease_id: z.string().min(1), lease_duration: z.number(), renewable: z.boolean().nullish() })
  .transform((a): RenewedLease => ({ leaseId: a.lease_id, leaseDuration: a.lease_duration, renewable: a.renewable ?? false }));

export class LeasesEngine {
  constructor(private readonly vault: VaultRequester) {}

  /** `PUT sys/leases/lookup`: a POST-like call that only reads. */
  async lookup(leaseId: string): Promise<LeaseInfo> {
    const res = await this.vault.request({
      method: 'PUT',
      path: 'sys/leases/lookup',
      body: { lease_id: leaseId },
      scopePath: leaseId,
      schema: lookupAnswer,
      access: 'read',
      idempotent: true,
    });
    return res.body;
  }

  /** `PUT sys/leases/renew`; `increment` is a duration (`1h`, `3600`), Vault's default when omitted. */
  async renew(input: { leaseId: string; increment?: string }): Promise<RenewedLease> {
    const res = await this.vault.request({
      method: 'PUT',
      path: 'sys/leases/renew',
      body: { lease_id: input.leaseId, increment: input.increment },
      scopePath: input.leaseId,
      schema: renewAnswer,
      access: 'write',
      idempotent: true,
    });
    return res.body;
  }

  /** `PUT sys/leases/revoke`: the secret stops working (database user dropped, key deleted...). */
  async revoke(leaseId: string): Promise<void> {
    await this.vault.request({
      method: 'PUT',
      path: 'sys/leases/revoke',
      body: { lease_id: leaseId },
      scopePath: leaseId,
      access: 'write',
      idempotent: true,
    });
  }
}

/**
 * Reading a dynamic secret (`database/creds/readonly`, `aws/creds/deploy`, ...): every read makes
 * new credentials with a lease, so it is never cached and never retried once it may have reached
 * Vault (a retry would mint a second, orphaned set).
 *
 * Access: Vault calls it `read`, but it mints credentials (`access: 'mint'`, read-and-write
 * connections only).
 */
import { z } from 'zod';
import { toRequestPath, trimSlashes } from '../paths';
import type { VaultRequester } from './requester';

export interface DynamicSecret {
  /** SECRET: the credentials (e.g. `{username, password}`). */
  data: Record<string, unknown>;
  /** null when the path gave no lease (not a dynamic secret). */
  leaseId: string | null;
  /** Seconds. */
  leaseDuration: number;
  renewable: boolean;
}

const readAnswer = z
  .object({
    lease_id: z.string().nullish(),
    lease_duration: z.number().nullish(),
    renewable: z.boolean().nullish(),
    data: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform(
    (a): DynamicSecret => ({
      data: a.data ?? {},
      leaseId: a.lease_id ? a.lease_id : null,
      leaseDuration: a.lease_duration ?? 0,
      renewable: a.renewable ?? false,
    }),
  );

export class DynamicSecretsEngine {
  constructor(private readonly vault: VaultRequester) {}

  /** `GET <path>`: new credentials and their lease. */
  async read(path: string): Promise<DynamicSecret> {
    const clean = trimSlashes(path.trim());
    const res = await this.vault.request({
      method: 'GET',
      path: toRequestPath(clean),
      schema: readAnswer,
      access: 'mint',
      idempotent: false,
    });
    return res.body;
  }
}

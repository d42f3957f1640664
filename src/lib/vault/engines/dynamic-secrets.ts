/**
 * Reading a dynamic secret (`database/creds/readonly`, `aws/creds/deploy`, ...): every read makes
 * new credentials with a lease, so it is never cached and never retried once it may have reached
 * Vault (a retry would mint a second, orphaned set).
 *
 * Access: Vault calls it `read`, but it both changes state (new credentials) and returns secret
 * values, so only a read-and-write connection may do it. The client's access check knows one
 * intent per request, so the "both" rule is checked here, with the client's refusal error.
 */
import { z } from 'zod';
import { connectionRefusal } from '../kv/kv-errors';
import { toRequestPath } from '../paths';
import type { VaultConnectionConfig } from '../types';
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

export const DYNAMIC_SECRET_REFUSAL =
  'reading a dynamic secret needs a read-and-write connection: it creates new credentials (a change a read-only connection must not make) and returns their values (which a write-only connection must not see). Use a connection whose access mode is read and write.';

export class DynamicSecretsEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly connection: VaultConnectionConfig,
  ) {}

  /** `GET <path>`: new credentials and their lease. */
  async read(path: string): Promise<DynamicSecret> {
    const clean = path.trim().replace(/^\/+|\/+$/g, '');
    if (this.connection.accessMode !== 'read_and_write') throw connectionRefusal(this.connection, clean, DYNAMIC_SECRET_REFUSAL);
    const res = await this.vault.request({
      method: 'GET',
      path: toRequestPath(clean),
      schema: readAnswer,
      access: 'read',
      idempotent: false,
    });
    return res.body;
  }
}

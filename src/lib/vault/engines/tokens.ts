import { z } from 'zod';
import type { VaultRequester } from './requester';
import { loginResponseSchema } from '../auth/login-response';

export interface CreateTokenInput {
  /** Empty or omitted: Vault's default for a child token. */
  policies?: string[];
  /** `1h`, `30m`, `3600`; omitted: Vault's default. */
  ttl?: string;
  /** 0 or omitted: unlimited. */
  numUses?: number;
  renewable?: boolean;
}

export interface CreatedToken {
  /** The new token: a secret. */
  clientToken: string;
  accessor: string;
  policies: string[];
  /** Seconds. */
  leaseDuration: number;
}

/** A token as `lookup-accessor` describes it (never the token itself). */
export interface TokenInfo {
  accessor: string;
  policies: string[];
  /** Seconds left. */
  ttl: number;
  expireTime: string | null;
  issueTime: string | null;
  renewable: boolean;
  numUses: number;
  type: string | null;
  displayName: string | null;
  orphan: boolean | null;
  explicitMaxTtl: number | null;
}

const lookupAnswer = z.object({
  data: z
    .object({
      accessor: z.string().optional(),
      policies: z.array(z.string()).nullish(),
      ttl: z.number(),
      expire_time: z.string().nullish(),
      creation_time: z.number().nullish(),
      issue_time: z.string().nullish(),
      renewable: z.boolean().nullish(),
      num_uses: z.number().nullish(),
      type: z.string().nullish(),
      display_name: z.string().nullish(),
      orphan: z.boolean().nullish(),
      explicit_max_ttl: z.number().nullish(),
    })
    .loose(),
});

/** The token auth method, `auth/token/*`. */
export class TokenEngine {
  constructor(private readonly vault: VaultRequester) {}

  /** `POST auth/token/create`: a child of the connection's token. */
  async create(input: CreateTokenInput): Promise<CreatedToken> {
    const res = await this.vault.request({
      method: 'POST',
      path: 'auth/token/create',
      body: {
        policies: input.policies && input.policies.length > 0 ? input.policies : undefined,
        ttl: input.ttl,
        num_uses: input.numUses ?? 0,
        renewable: input.renewable ?? false,
      },
      // The same `auth` block a login answers with.
      schema: loginResponseSchema,
      access: 'mint',
    });
    const auth = res.body.auth;
    return {
      clientToken: auth.client_token,
      accessor: auth.accessor ?? '',
      policies: auth.policies ?? auth.token_policies ?? [],
      leaseDuration: auth.lease_duration,
    };
  }

  /** `POST auth/token/lookup-accessor`: a POST that only reads. */
  async lookupAccessor(accessor: string): Promise<TokenInfo> {
    const res = await this.vault.request({
      method: 'POST',
      path: 'auth/token/lookup-accessor',
      body: { accessor },
      schema: lookupAnswer,
      idempotent: true,
      access: 'read',
    });
    const d = res.body.data;
    return {
      accessor: d.accessor ?? accessor,
      policies: d.policies ?? [],
      ttl: d.ttl,
      expireTime: d.expire_time ?? null,
      issueTime: d.issue_time ?? null,
      renewable: d.renewable ?? false,
      numUses: d.num_uses ?? 0,
      type: d.type ?? null,
      displayName: d.display_name ?? null,
      orphan: d.orphan ?? null,
      explicitMaxTtl: d.explicit_max_ttl ?? null,
    };
  }

  /** `POST auth/token/revoke-accessor`: the token and its children stop working at once. */
  async revokeAccessor(accessor: string): Promise<void> {
    await this.vault.request({ method: 'POST', path: 'auth/token/revoke-accessor', body: { accessor }, access: 'write' });
  }
}

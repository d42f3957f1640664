/**
 * Response wrapping (`sys/wrapping/*` and `X-Vault-Wrap-TTL`): a value handed over as a single-use
 * token with a TTL, so the value itself never passes through the flow. Wrapping tokens are secrets:
 * they travel in request bodies (which Vault's messages are scrubbed of), never in a path.
 */
import { z } from 'zod';
import { isVaultError, retell } from '../errors';
import { kvValuesPath } from '../kv/layout';
import type { KvLocation } from '../types';
import type { VaultRequester } from './requester';

export interface WrapInfo {
  /** The single-use wrapping token. */
  token: string;
  accessor: string;
  /** Seconds the token lives. */
  ttl: number;
  creationTime: string;
  creationPath: string;
}

export interface WrappingTokenInfo {
  creationPath: string;
  creationTtl: number;
  creationTime: string;
}

export interface Unwrapped {
  /** What was wrapped: for a KV v2 read `{data, metadata}`, for a KV v1 read the key/values, for `sys/wrapping/wrap` the data given. */
  data: Record<string, unknown> | null;
  /** A wrapped login's `auth` (client token, policies...), else null. */
  auth: Record<string, unknown> | null;
  leaseId: string | null;
  leaseDuration: number;
}

/**
 * Only `wrap_info` is read from a wrapped answer: had Vault (or a proxy dropping the header)
 * answered without wrapping, the missing `wrap_info` fails the check and the data is never used.
 */
const wrappedAnswer = z
  .object({
    wrap_info: z.object({
      token: z.string().min(1),
      accessor: z.string(),
      ttl: z.number(),
      creation_time: z.string(),
      creation_path: z.string(),
    }),
  })
  .transform(
    ({ wrap_info: w }): WrapInfo => ({ token: w.token, accessor: w.accessor, ttl: w.ttl, creationTime: w.creation_time, creationPath: w.creation_path }),
  );

const lookupAnswer = z
  .object({ data: z.object({ creation_path: z.string(), creation_ttl: z.number(), creation_time: z.string() }) })
  .transform(({ data: d }): WrappingTokenInfo => ({ creationPath: d.creation_path, creationTtl: d.creation_ttl, creationTime: d.creation_time }));

const unwrapAnswer = z
  .object({
    data: z.record(z.string(), z.unknown()).nullish(),
    auth: z.record(z.string(), z.unknown()).nullish(),
    lease_id: z.string().nullish(),
    lease_duration: z.number().nullish(),
  })
  .transform(
    (a): Unwrapped => ({ data: a.data ?? null, auth: a.auth ?? null, leaseId: a.lease_id || null, leaseDuration: a.lease_duration ?? 0 }),
  );

/** Vault 1.8 answers a used, expired or unknown wrapping token alike (400). */
const NOT_VALID = 'wrapping token is not valid or does not exist';

export class WrappingEngine {
  constructor(private readonly vault: VaultRequester) {}

  /**
   * Reads a KV secret wrapped (`X-Vault-Wrap-TTL`), as `get_secret` would read it: `mount/data/path`
   * (v2, optionally a version) or `mount/path` (v1). Handing out access to a stored secret is `mint`.
   */
  async wrapSecret(location: KvLocation, wrapTtl: string, version?: number): Promise<WrapInfo> {
    const res = await this.vault.request({
      method: 'GET',
      path: kvValuesPath(location),
      query: location.kvVersion === 2 && version !== undefined ? { version } : undefined,
      headers: { 'x-vault-wrap-ttl': wrapTtl },
      schema: wrappedAnswer,
      // Each attempt that reaches Vault mints a token: one attempt only.
      idempotent: false,
      access: 'mint',
    });
    return res.body;
  }

  /** `sys/wrapping/wrap`: the flow's own data behind a wrapping token (a change, nothing revealed: `write`). */
  async wrapData(data: Record<string, unknown>, wrapTtl: string): Promise<WrapInfo> {
    const res = await this.vault.request({
      method: 'POST',
      path: 'sys/wrapping/wrap',
      body: data,
      headers: { 'x-vault-wrap-ttl': wrapTtl },
      schema: wrappedAnswer,
      idempotent: false,
      access: 'write',
    });
    return res.body;
  }

  /** `sys/wrapping/unwrap` with the token in the body: returns what was wrapped, once (`read`). */
  async unwrap(wrappingToken: string): Promise<Unwrapped> {
    try {
      const res = await this.vault.request({
        method: 'POST',
        path: 'sys/wrapping/unwrap',
        body: { token: wrappingToken },
        schema: unwrapAnswer,
        // A retry after Vault answered would find the token used up.
        idempotent: false,
        access: 'read',
      });
      return res.body;
    } catch (e) {
      throw invalidTokenError(e, 'unwrap');
    }
  }

  /** `sys/wrapping/lookup`: where and when the token was made; does not use it up (`read`). */
  async lookup(wrappingToken: string): Promise<WrappingTokenInfo> {
    try {
      const res = await this.vault.request({
        method: 'POST',
        path: 'sys/wrapping/lookup',
        body: { token: wrappingToken },
        schema: lookupAnswer,
        idempotent: true,
        access: 'read',
      });
      return res.body;
    } catch (e) {
      throw invalidTokenError(e, 'lookup');
    }
  }
}

function invalidTokenError(e: unknown, what: 'unwrap' | 'lookup'): unknown {
  if (!isVaultError(e) || e.status !== 400 || !e.errors.some((m) => m.toLowerCase().includes(NOT_VALID))) return e;
  return retell(e, {
    kind: 'bad_request',
    summary: `The wrapping token is not valid: it was already unwrapped, it expired, or it was never issued by this Vault (Vault answers all three alike)`,
    hint:
      what === 'unwrap'
        ? 'A wrapping token works once: if you did not unwrap it yourself, someone else may have; ask for a new one and report the used one.'
        : 'Ask for a new wrapping token; a token someone else unwrapped first should be reported.',
  });
}

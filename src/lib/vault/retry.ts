/**
 * When to retry a Vault request and how long to wait, and the loop that does it (`retrying`).
 * `http-errors.ts` says which statuses may be retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { VaultError } from './errors';
import { type AttemptFailure, retryOfStatus } from './http-errors';

export type { AttemptFailure } from './http-errors';

/** One attempt's outcome: a value, or the error and why it failed (for deciding on another attempt). */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: VaultError; failure: AttemptFailure };

export interface RetryPolicy {
  idempotent: boolean;
  maxRetries: number;
  budgetMs: number;
}

/**
 * Runs `attempt` until it succeeds, fails in a way that may not be retried, or the retries or the
 * budget are used up; then rejects with the last attempt's error. An error `attempt` throws is
 * never retried.
 */
export async function retrying<T>(attempt: () => Promise<Attempt<T>>, policy: RetryPolicy): Promise<T> {
  const started = Date.now();
  for (let n = 0; ; n++) {
    const outcome = await attempt();
    if (outcome.ok) return outcome.value;
    const { failure } = outcome;
    if (!isRetryable(failure, policy.idempotent)) throw outcome.error;
    const delay = nextDelay({
      attempt: n,
      maxRetries: policy.maxRetries,
      elapsedMs: Date.now() - started,
      budgetMs: policy.budgetMs,
      retryAfterMs: failure.type === 'status' ? failure.retryAfterMs : undefined,
    });
    if (delay === undefined) throw outcome.error;
    await sleep(delay);
  }
}

export const RETRY_BASE_DELAY_MS = 100;
export const RETRY_MAX_DELAY_MS = 5_000;

/**
 * Whether this failure may be retried. Idempotent requests: 412, 429, 5xx gateway/server errors
 * and transport failures. Others only when Vault demonstrably did not process them: the request
 * never reached the server, or it was refused up front (429 rate limit, 412 index state, sealed).
 */
export function isRetryable(failure: AttemptFailure, idempotent: boolean): boolean {
  if (failure.type === 'transport') {
    if (!failure.retryable) return false;
    return idempotent || !failure.reachedServer;
  }
  const retry = retryOfStatus(failure.status, failure.sealed);
  return retry === 'always' || (retry === 'if_idempotent' && idempotent);
}

/** Jittered exponential backoff: between half and all of base * 2^attempt, capped. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before the next attempt, or undefined when retrying must stop (attempts used up or the
 * wait would overrun the budget).
 */
export function nextDelay(opts: {
  attempt: number;
  maxRetries: number;
  elapsedMs: number;
  budgetMs: number;
  retryAfterMs?: number;
  random?: () => number;
}): number | undefined {
  if (opts.attempt >= opts.maxRetries) return undefined;
  const delay = Math.max(backoffDelay(opts.attempt, opts.random), opts.retryAfterMs ?? 0);
  if (opts.elapsedMs + delay > opts.budgetMs) return undefined;
  return delay;
}

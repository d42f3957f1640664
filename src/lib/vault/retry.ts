/**
 * When to retry a Vault request and how long to wait. Pure functions; `http.ts` runs the loop and
 * `http-errors.ts` says which statuses may be retried.
 */
import { type AttemptFailure, retryOfStatus } from './http-errors';

export type { AttemptFailure } from './http-errors';

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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

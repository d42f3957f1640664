import { REDACTED, createRedactor, redact } from '../../../src/lib/vault/redact';
import { backoffDelay, isRetryable, nextDelay, parseRetryAfter } from '../../../src/lib/vault/retry';

describe('redaction', () => {
  it('removes every known secret and anything shaped like a Vault token', () => {
    const r = createRedactor(['0e594833-bc8e-3563-da6e-99c833b68a15', 'pa"ss\nword', undefined]);
    const text = r('bad secret_id 0e594833-bc8e-3563-da6e-99c833b68a15, token s.UvlTFtucD8KUViXm80UEu1DQ and hvs.CAESIJ5x_abcdefghijklmnopqrstuvwxyz0123 "pa\\"ss\\nword"');
    expect(text).not.toContain('0e594833');
    expect(text).not.toContain('UvlTFtucD8KUViXm80UEu1DQ');
    expect(text).not.toContain('CAESIJ5x');
    expect(text).not.toContain('ss\\nword');
    expect(text).toContain(REDACTED);
  });

  it('removes a secret that contains another one whole, whatever order they are given in', () => {
    const text = redact('login with abcdef-123 failed', ['abc', 'abcdef-123']);
    expect(text).toBe('login with [redacted] failed');
    expect(text).not.toContain('def-123');
  });

  it('leaves ordinary Vault messages readable', () => {
    expect(redact('permission denied', ['x'])).toBe('permission denied');
    expect(redact('Vault is sealed')).toBe('Vault is sealed');
  });
});

describe('retry policy', () => {
  it('retries idempotent requests on 412, 429, 5xx and resets, never on 400/403/404', () => {
    for (const status of [412, 429, 500, 502, 503, 504]) expect(isRetryable({ type: 'status', status, sealed: false }, true)).toBe(true);
    for (const status of [400, 403, 404, 405]) expect(isRetryable({ type: 'status', status, sealed: false }, true)).toBe(false);
    expect(isRetryable({ type: 'transport', retryable: true, reachedServer: true }, true)).toBe(true);
  });

  it('retries a non-idempotent request only when Vault did not process it', () => {
    expect(isRetryable({ type: 'status', status: 500, sealed: false }, false)).toBe(false);
    expect(isRetryable({ type: 'status', status: 503, sealed: false }, false)).toBe(false);
    expect(isRetryable({ type: 'transport', retryable: true, reachedServer: true }, false)).toBe(false);
    expect(isRetryable({ type: 'transport', retryable: true, reachedServer: false }, false)).toBe(true);
    expect(isRetryable({ type: 'status', status: 429, sealed: false }, false)).toBe(true);
    expect(isRetryable({ type: 'status', status: 503, sealed: true }, false)).toBe(true);
  });

  it('backs off exponentially with jitter and stops at the attempt limit or the budget', () => {
    expect(backoffDelay(0, () => 0)).toBe(50);
    expect(backoffDelay(0, () => 1)).toBe(100);
    expect(backoffDelay(3, () => 1)).toBe(800);
    expect(backoffDelay(20, () => 1)).toBe(5000);
    expect(nextDelay({ attempt: 4, maxRetries: 4, elapsedMs: 0, budgetMs: 30_000 })).toBeUndefined();
    expect(nextDelay({ attempt: 0, maxRetries: 4, elapsedMs: 29_990, budgetMs: 30_000 })).toBeUndefined();
    expect(nextDelay({ attempt: 0, maxRetries: 4, elapsedMs: 0, budgetMs: 30_000, retryAfterMs: 2000 })).toBe(2000);
    expect(nextDelay({ attempt: 0, maxRetries: 4, elapsedMs: 0, budgetMs: 1000, retryAfterMs: 2000 })).toBeUndefined();
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

/** Real time plus an offset that tests move forward with `advanceTime` to expire TTLs. */
export class Clock {
  private offsetMs = 0;
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

/**
 * RFC 3339 like Go's RFC3339Nano (what Vault prints for `created_time`, `expire_time`...): nanosecond
 * digits with trailing zeros trimmed. The sub-millisecond digits derive from `ms`, so the same instant
 * always prints the same way (a token's `issue_time` does not change between two lookups).
 */
export function vaultTime(ms: number): string {
  const whole = Math.floor(ms);
  return rfc3339Nano(whole, String((whole * 2654435761) % 1_000_000).padStart(6, '0'));
}

/** Go's time.Format(time.RFC3339Nano) in UTC of `ms` and its sub-millisecond digits, if any. */
export function rfc3339Nano(ms: number, subMsDigits = ''): string {
  const iso = new Date(ms).toISOString(); // 2026-11-22T08:02:01.596Z
  const digits = `${iso.slice(20, 23)}${subMsDigits}`;
  let end = digits.length;
  while (end > 0 && digits[end - 1] === '0') end--;
  return `${iso.slice(0, 19)}${end > 0 ? `.${digits.slice(0, end)}` : ''}Z`;
}

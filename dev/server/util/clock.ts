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

/** RFC 3339 with nanosecond-looking precision, like Vault's `created_time`. */
export function vaultTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-22T08:02:01.596Z
  const frac = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  return `${iso.slice(0, 23)}${frac}Z`;
}

/** Vault durations: numbers are seconds; strings like "1h", "30m", "45s", "1h30m", "90". */
export function parseDuration(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : NaN;
  if (typeof value !== 'string') return NaN;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s|d)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const n = Number(m[1]);
    const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 'ms'];
    total += n * unit;
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? Math.floor(total) : NaN;
}

/** Go's time.Duration String(): 3600 -> "1h0m0s", 600 -> "10m0s", 0 -> "0s". */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

export class FieldError extends Error {}

/** Reads a duration field or throws the 400 Vault gives for an unparseable one. */
export function durationField(body: Record<string, unknown>, name: string): number | undefined {
  const v = parseDuration(body[name]);
  if (Number.isNaN(v)) throw new FieldError(`error converting input ${String(body[name])} for field "${name}"`);
  return v;
}

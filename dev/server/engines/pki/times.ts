import { goDuration } from '../../util/durations';

/** Go's time.Format(time.RFC3339Nano) in UTC: fraction digits with trailing zeros trimmed. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

/** Go's %q of a time.Duration, e.g. "768h0m0s". */
export const quotedDuration = (seconds: number): string => `"${goDuration(seconds)}"`;

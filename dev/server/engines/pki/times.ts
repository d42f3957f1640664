import { goDuration } from '../../util/durations';

/** Go's %q of a time.Duration, e.g. "768h0m0s". */
export const quotedDuration = (seconds: number): string => `"${goDuration(seconds)}"`;

/** Median and range of a benchmark's samples. */
export interface Stat {
  median: number;
  min: number;
  max: number;
}

export function stat(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

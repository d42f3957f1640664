/** Vault times carry nanoseconds; keep milliseconds so every runtime parses them. */
export function epochMs(time: string): number {
  const ms = Date.parse(time.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? 0 : ms;
}

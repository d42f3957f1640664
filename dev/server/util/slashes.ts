/**
 * Slash trimming in one pass over the ends: `/\/+$/` on a string of many slashes not at its end
 * retries from every slash (quadratic), and the dev server is fed hostile paths by the tests.
 */
export function trimLeadingSlashes(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === 0x2f) start++;
  return start === 0 ? text : text.slice(start);
}

export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return end === text.length ? text : text.slice(0, end);
}

export function trimSlashes(text: string): string {
  return trimTrailingSlashes(trimLeadingSlashes(text));
}

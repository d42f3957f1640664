/**
 * The segments of an engine's mount path: `/team/people/` -> `['team', 'people']`. Engines join
 * them with `encodePath` (`../paths`), which URL-encodes each one, as they build a request path.
 */
export function mountSegments(mount: string): string[] {
  return mount.replace(/^\/+|\/+$/g, '').split('/');
}

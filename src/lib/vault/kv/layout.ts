/**
 * The KV API layout, known here only: the segments Vault's KV v2 API puts after the mount
 * (`secret/data/app/db`, `secret/metadata/app/db`, ...), the API path of a located secret, the
 * `data/` or `metadata/` a user may write in a KV path (as `vault kv` prints it), and the warning
 * Vault gives when a KV v2 mount is addressed the KV v1 way.
 */
import { encodePath } from '../paths';
import type { KvLocation } from '../types';

export type Kv2Operation = 'data' | 'metadata' | 'delete' | 'undelete' | 'destroy' | 'subkeys';

/** Every segment Vault's KV v2 API inserts after the mount. */
export const KV2_API_SEGMENTS: ReadonlySet<string> = new Set<Kv2Operation>(['data', 'metadata', 'delete', 'undelete', 'destroy', 'subkeys']);

/** What a user may write after a v2 mount in a KV path (`secret/data/app/db`): dropped, as the engine inserts its own. */
const WRITTEN_SEGMENTS: ReadonlySet<string> = new Set<Kv2Operation>(['data', 'metadata']);

type Where = Pick<KvLocation, 'mount' | 'path'>;

/** The encoded API path of a secret: `secret/data/app/db` (v2, `op` given), `kv1/app/db` (v1, no `op`). */
export function kvApiPath(loc: Where, op?: Kv2Operation): string {
  const written = op ? `${loc.mount}/${op}/${loc.path}` : `${loc.mount}/${loc.path}`;
  return encodePath(written.split('/').filter((s) => s !== ''));
}

/** The API path of a secret's values, whichever the engine version: `secret/data/app/db` (v2), `kv1/app/db` (v1). */
export function kvValuesPath(loc: Pick<KvLocation, 'mount' | 'path' | 'kvVersion'>): string {
  return kvApiPath(loc, loc.kvVersion === 2 ? 'data' : undefined);
}

/** The API path a listing of the folder at `loc` asks for (trailing slash). */
export function kvFolderPath(loc: Where, op?: Kv2Operation): string {
  return `${kvApiPath(loc, op)}/`;
}

/** The segments of a path inside a v2 mount without a leading `data` or `metadata` (`data/app/db` -> `app/db`). */
export function withoutWrittenSegment(inMount: string[]): string[] {
  return inMount.length > 0 && WRITTEN_SEGMENTS.has(inMount[0]) ? inMount.slice(1) : inMount;
}

/**
 * A mount-included path with its first `data` or `metadata` segment after the first one removed
 * (`secret/data/app/` -> `secret/app/`), or undefined when it has none. Where the mount ends is not
 * known here, so on a v1 mount or a deeper segment this names another path: callers only widen.
 */
export function writtenAsKvPath(path: string): string | undefined {
  const segments = path.split('/');
  const at = segments.findIndex((s, i) => i > 0 && WRITTEN_SEGMENTS.has(s));
  if (at < 0) return undefined;
  const kept = [...segments.slice(0, at), ...segments.slice(at + 1)].join('/');
  return at === segments.length - 1 ? `${kept}/` : kept;
}

const KV2_LAYOUT_WARNING = /versioned k\/v/i;

/** Vault's warning that a KV v2 mount was addressed with the KV v1 layout ("...versioned K/V secrets engine..."), if it gave one. */
export function kv2LayoutWarning(warnings: readonly string[]): string | undefined {
  return warnings.find((w) => KV2_LAYOUT_WARNING.test(w));
}

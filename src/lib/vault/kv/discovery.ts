import { encodePath, mountSegments, splitPath } from '../paths';
import type { KvLocation, KvVersion } from '../types';
import type { KvContext } from './context';
import { kvError } from './kv-errors';
import { kv2LayoutWarning, kvApiPath, kvFolderPath, withoutWrittenSegment } from './layout';
import { kv2ReadSchema, uiMountAnswerSchema } from './schemas';

interface KnownMount {
  mount: string;
  /** How many path segments the mount has (`team/kv/` has 2). */
  depth: number;
  kvVersion: KvVersion;
  discoveredBy: KvLocation['discoveredBy'];
  expiresAt: number;
}

/** How long a discovered mount is trusted when the value cache is off (ttl 0). */
const MIN_DISCOVERY_TTL_MS = 60_000;

/** Splits a user path into its non-empty segments (validated by `paths.ts`). */
export function pathSegments(path: string): string[] {
  return splitPath(path).filter((s) => s !== '');
}

/**
 * Finds the mount and KV version of a path written like `vault kv get` takes it (mount included).
 * Asks `sys/internal/ui/mounts/<path>` (works for multi-segment mounts and needs no `sys/mounts`
 * grant). When Vault refuses that (403/404) the mount is taken to be the first segment and the
 * version comes from the connection's `kvVersion`, else from probing the v2 layout then v1.
 * What is learned is kept per client (one discovery call per mount) and dropped with the value cache.
 */
export class MountDiscovery {
  private readonly known = new Map<string, KnownMount>();
  private readonly inFlight = new Map<string, Promise<KnownMount>>();
  private readonly ttlMs: number;

  constructor(private readonly ctx: KvContext) {
    this.ttlMs = Math.max(ctx.config.cacheTtlSeconds * 1000, MIN_DISCOVERY_TTL_MS);
  }

  /** Forgets mounts that sit at or below `prefix` ('' = all); returns how many went. */
  invalidate(prefix: string): number {
    let dropped = 0;
    for (const mount of [...this.known.keys()]) {
      if (mount.startsWith(prefix)) {
        this.known.delete(mount);
        dropped++;
      }
    }
    return dropped;
  }

  async locate(path: string): Promise<KvLocation> {
    const segments = pathSegments(path);
    return toLocation(this.lookup(segments) ?? (await this.discoverOnce(segments)), segments);
  }

  private lookup(segments: string[]): KnownMount | undefined {
    const now = Date.now();
    const joined = `${segments.join('/')}/`;
    let best: KnownMount | undefined;
    for (const m of this.known.values()) {
      if (m.expiresAt <= now) continue;
      if (joined.startsWith(m.mount) && (!best || m.mount.length > best.mount.length)) best = m;
    }
    return best;
  }

  /** Concurrent first uses of one mount share one discovery call. */
  private async discoverOnce(segments: string[]): Promise<KnownMount> {
    const flightKey = segments[0];
    const pending = this.inFlight.get(flightKey);
    if (pending) {
      await pending.catch(() => undefined);
      const found = this.lookup(segments);
      if (found) return found;
    }
    const discovery = this.discover(segments);
    this.inFlight.set(flightKey, discovery);
    try {
      return await discovery;
    } finally {
      if (this.inFlight.get(flightKey) === discovery) this.inFlight.delete(flightKey);
    }
  }

  private remember(mount: string, kvVersion: KvVersion, discoveredBy: KnownMount['discoveredBy']): KnownMount {
    const entry = { mount, depth: mountSegments(mount).length, kvVersion, discoveredBy, expiresAt: Date.now() + this.ttlMs };
    this.known.set(mount, entry);
    return entry;
  }

  private async discover(segments: string[]): Promise<KnownMount> {
    const { config, send } = this.ctx;
    const path = `sys/internal/ui/mounts/${encodePath(segments)}`;
    // A refusal here is common under least privilege: an answer, not a reason to log in again.
    const res = await send({ method: 'GET', path, acceptStatuses: [403, 404], schema: uiMountAnswerSchema });
    if (res.status === 200 && 'data' in res.body) {
      const { data } = res.body;
      const mount = data.path.endsWith('/') ? data.path : `${data.path}/`;
      if (data.type !== 'kv' && data.type !== 'generic') {
        throw kvError({
          kind: 'bad_request',
          summary: `"${mount}" is a ${data.type} secrets engine, not a KV store`,
          hint: 'Use a path on a KV mount (e.g. "secret/app/db"), or the custom API call action for other engines.',
          config,
          method: 'GET',
          triedPath: path,
        });
      }
      if (`${segments.join('/')}/`.startsWith(mount)) {
        return this.remember(mount, String(data.options?.version ?? '1') === '2' ? 2 : 1, 'ui-mounts');
      }
    }
    const mount = `${segments[0]}/`;
    if (config.kvVersion) return this.remember(mount, config.kvVersion, 'connection-setting');
    const probed = await this.probe(mount, segments.slice(1));
    if (probed) return this.remember(mount, probed, 'probe');
    throw kvError({
      kind: 'not_found',
      summary: `Could not tell whether "${mount}" is a KV v1 or v2 mount: Vault refused sys/internal/ui/mounts (${res.status}) and nothing could be read there`,
      hint: 'Set the KV version in the connection, or give the token read access to a secret in that mount.',
      config,
      method: 'GET',
      triedPath: path,
      status: res.status,
    });
  }

  /** Reads with the v2 layout, then v1; only answers that settle the question count. */
  private async probe(mount: string, rest: string[]): Promise<KvVersion | undefined> {
    const inMount = withoutWrittenSegment(rest).join('/');
    const attempts: Array<{ path: string; query?: Record<string, string>; decide: (status: number, body: unknown, warnings: readonly string[]) => KvVersion | undefined }> = [];
    if (inMount !== '') {
      attempts.push({
        path: kvApiPath({ mount, path: inMount }, 'data'),
        // A deleted version's 404 still carries its metadata.
        decide: (status, body) => (status === 200 || (status === 404 && kv2ReadSchema.safeParse(body).data?.data?.metadata) ? 2 : undefined),
      });
    }
    if (rest.length > 0) {
      attempts.push({
        path: kvApiPath({ mount, path: rest.join('/') }),
        decide: (status, _b, warnings) => (status === 200 ? 1 : kv2LayoutWarning(warnings) ? 2 : undefined),
      });
    }
    const root = { mount, path: '' };
    attempts.push({ path: kvFolderPath(root, 'metadata'), query: { list: 'true' }, decide: (s) => (s === 200 ? 2 : undefined) });
    attempts.push({
      path: kvFolderPath(root),
      query: { list: 'true' },
      decide: (s, _b, warnings) => (s === 200 ? 1 : kv2LayoutWarning(warnings) ? 2 : undefined),
    });
    for (const a of attempts) {
      const res = await this.ctx.send({ method: 'GET', path: a.path, query: a.query, acceptStatuses: [403, 404, 405] });
      const version = a.decide(res.status, res.body, res.warnings);
      if (version) return version;
    }
    return undefined;
  }
}

/** `secret/data/app/db` written on a v2 mount: the `data/` is the engine's to insert. */
function toLocation(known: KnownMount, segments: string[]): KvLocation {
  const rest = segments.slice(known.depth);
  const inMount = known.kvVersion === 2 ? withoutWrittenSegment(rest) : rest;
  return { mount: known.mount, kvVersion: known.kvVersion, path: inMount.join('/'), discoveredBy: known.discoveredBy };
}

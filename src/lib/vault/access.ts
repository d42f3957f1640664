import { VaultError, isVaultError } from './errors';
import { KV2_API_SEGMENTS } from './kv/layout';
import type { AccessMode, KvLocation, KvService, RequestAccess, VaultConnectionConfig } from './types';
import { MAX_PATH_LENGTH, trimSlashes as trimPathSlashes } from './paths';

/** A refusal by the connection's own settings (access mode, path prefix), raised before any request. */
export function connectionRefusal(config: VaultConnectionConfig, path: string, reason: string): VaultError {
  const [summary, ...rest] = reason.split('. ');
  return new VaultError({
    kind: 'access_denied_by_connection',
    summary: `Refused ${JSON.stringify(path)}: ${summary}`,
    hint: rest.join('. '),
    address: config.url,
    namespace: config.namespace,
  });
}

type WithConfig = { readonly config: VaultConnectionConfig };

function trimSlashes(path: string): string {
  return trimPathSlashes(path);
}

/** True when `path` (mount included) lies inside `prefix` (`mount/folder/`); no prefix = anywhere. */
export function isWithinPrefix(prefix: string | undefined, path: string): boolean {
  if (!prefix) return true;
  const wanted = trimSlashes(prefix);
  if (wanted === '') return true;
  const p = trimSlashes(path);
  return p === wanted || p.startsWith(`${wanted}/`);
}

/** The path with one KV v2 API segment removed (`secret/data/x` -> `secret/x`), and where it was. */
function kv2ApiVariants(path: string): Array<{ variant: string; removedAt: number }> {
  const segments = trimSlashes(path).split('/');
  const variants: Array<{ variant: string; removedAt: number }> = [];
  for (let i = 1; i < segments.length; i++) {
    if (KV2_API_SEGMENTS.has(segments[i])) variants.push({ variant: [...segments.slice(0, i), ...segments.slice(i + 1)].join('/'), removedAt: i });
  }
  return variants;
}

/**
 * The path as written, plus its KV v2 API variants: lets a raw API path through when its secret
 * is inside the prefix. Lenient (the segment may sit anywhere): callers check the located path
 * again, or use `assertApiPathInsidePrefix`. Paths with `..` never get here (`paths.ts` refuses them).
 */
function pathVariants(path: string): string[] {
  return [trimSlashes(path), ...kv2ApiVariants(path).map((v) => v.variant)];
}

/** Refuses a path outside the connection's path prefix (no access-mode check). */
export function assertInsidePrefix(client: WithConfig, path: string, raw = true): void {
  const { pathPrefix } = client.config;
  if (!pathPrefix) return;
  // The variants below cost one copy per KV v2 segment: bound the path before building them.
  if (path.length > MAX_PATH_LENGTH) throw connectionRefusal(client.config, path.slice(0, 64), `the path is longer than ${MAX_PATH_LENGTH} characters. A Vault path is never that long.`);
  const inside = raw ? pathVariants(path).some((p) => isWithinPrefix(pathPrefix, p)) : isWithinPrefix(pathPrefix, path);
  if (!inside) throw outsidePrefix(client.config, path);
}

function outsidePrefix(config: VaultConnectionConfig, path: string) {
  return connectionRefusal(
    config,
    path,
    `the path is outside this connection's path prefix "${config.pathPrefix}". Use a path under that prefix, or a connection without the prefix.`,
  );
}

/** Failures that say nothing about the path: they must surface, not read as "outside the prefix". */
const CANNOT_ASK: ReadonlySet<string> = new Set(['connection', 'tls', 'timeout', 'sealed', 'standby', 'rate_limited', 'server', 'not_vault', 'auth_failed']);

/**
 * The exact check for a raw API path on a prefixed connection (Custom API Call). `secret/data/team-a/x`
 * is inside the prefix `secret/team-a/` only when `data` (or another KV v2 API segment) sits right
 * after a KV v2 mount: on a KV v1 mount it is the secret `data/team-a/x`, and after a deeper segment
 * it names another path. Locates the mount (cached by discovery) to tell.
 */
export async function assertApiPathInsidePrefix(client: WithConfig & { readonly kv: Pick<KvService, 'locate'> }, path: string): Promise<void> {
  const { pathPrefix } = client.config;
  if (!pathPrefix || isWithinPrefix(pathPrefix, path)) return;
  for (const { variant, removedAt } of kv2ApiVariants(path)) {
    if (!isWithinPrefix(pathPrefix, variant)) continue;
    let loc: KvLocation;
    try {
      loc = await client.kv.locate(variant);
    } catch (e) {
      if (isVaultError(e) && CANNOT_ASK.has(e.kind)) throw e;
      continue;
    }
    if (loc.kvVersion === 2 && loc.mount.split('/').filter((s) => s !== '').length === removedAt) return;
  }
  throw outsidePrefix(client.config, path);
}

/** What each kind of request does, and the access modes that allow it: the one table of access. */
export const ACCESS_RULES: Readonly<Record<RequestAccess, { readonly modes: readonly AccessMode[]; readonly does: string }>> = {
  read: {
    modes: ['read_and_write', 'read_only'],
    does: 'returns what Vault holds (secret values, metadata, listings, lookups) and changes nothing',
  },
  write: {
    modes: ['read_and_write', 'write_only'],
    does: 'changes what Vault holds and returns nothing secret',
  },
  mint: {
    modes: ['read_and_write'],
    does:
      'creates new credentials that give access (a token, a user\'s login, a certificate, database credentials, a wrapping token for a stored secret): ' +
      'a change a read-only connection must not make, and access a write-only connection must not hand out',
  },
  use_key: {
    modes: ['read_and_write', 'read_only', 'write_only'],
    does: 'computes with a key Vault keeps (encrypt, sign, verify, HMAC); reveals nothing stored and changes nothing',
  },
  unknown: {
    modes: ['read_and_write'],
    does:
      'may do any of these: what an arbitrary endpoint does cannot be told from its method and path ' +
      '(GET database/creds/x creates credentials, POST transit/decrypt/x reveals plaintext)',
  },
};

const MODE_NAMES: Readonly<Record<AccessMode, string>> = {
  read_and_write: 'read-and-write',
  read_only: 'read-only',
  write_only: 'write-only',
};

/** Refuses, before any request, what the connection's access mode does not allow (no prefix check). */
export function assertAccess(config: VaultConnectionConfig, access: RequestAccess, path: string): void {
  const rule = ACCESS_RULES[access];
  if (rule.modes.includes(config.accessMode)) return;
  const allowedBy = rule.modes.map((m) => MODE_NAMES[m]).join(' or ');
  throw connectionRefusal(
    config,
    path,
    `this connection is ${MODE_NAMES[config.accessMode]} and this request ${rule.does}. Use a connection whose access mode is ${allowedBy}.`,
  );
}

/**
 * Refuses (before any request) a read on a write-only connection or outside the path prefix.
 * `raw`: the path may contain KV v2 API segments (`data/`, `metadata/`...) and is checked leniently;
 * call again with the resolved location for the exact check.
 */
export function assertCanRead(client: WithConfig, path: string, opts: { raw?: boolean } = {}): void {
  assertAccess(client.config, 'read', path);
  assertInsidePrefix(client, path, opts.raw ?? true);
}

/** Refuses (before any request) a write or delete on a read-only connection or outside the prefix. */
export function assertCanWrite(client: WithConfig, path: string, opts: { raw?: boolean } = {}): void {
  assertAccess(client.config, 'write', path);
  assertInsidePrefix(client, path, opts.raw ?? true);
}

/** `client.request`: what the request does decides; the path (or `scopePath`) must be inside the prefix. */
export function assertCanSend(client: WithConfig, path: string, access: RequestAccess): void {
  assertAccess(client.config, access, path);
  assertInsidePrefix(client, path);
}

/**
 * The contracts every layer of the piece is built on. Implementations live in the files named in
 * each comment; actions, triggers and the reference resolver depend only on these types.
 */
import type { ZodType } from 'zod';

/** A login method's name (`src/lib/vault/auth/index.ts` lists them). */
export type AuthMethod = string;
export type AccessMode = 'read_and_write' | 'read_only' | 'write_only';
export type KvVersion = 1 | 2;

/** A connection after validation and normalisation (`parseConnection`, `src/lib/vault/connection/parse.ts`). */
export interface VaultConnectionConfig {
  /** Normalised: no trailing slash, no trailing `/v1`, http or https only. */
  url: string;
  /** Trimmed of surrounding slashes; undefined when not set. */
  namespace?: string;
  authMethod: AuthMethod;
  /** The login method's own fields (names as its file declares them), blanks left out, mounts normalised. */
  login: Readonly<Record<string, string>>;
  caCertificate?: string;
  clientCertificate?: string;
  clientKey?: string;
  tlsSkipVerify: boolean;
  /** Used only when mount discovery is refused (403/404). */
  kvVersion?: KvVersion;
  /** Value cache TTL; 0 disables the cache. Default 3600. */
  cacheTtlSeconds: number;
  accessMode: AccessMode;
  /** Normalised `mount/folder/` with a trailing slash, or undefined. */
  pathPrefix?: string;
  /** Other Vault node addresses a 307 may send the token to (normalised). */
  allowedRedirectAddresses: string[];
  /** The longest one request may take, headers and body (each attempt; redirects included). */
  requestTimeoutMs: number;
  /** The largest answer read; past it the request fails and the body is not read further. */
  maxResponseBytes: number;
  connectTimeoutMs: number;
  maxRetries: number;
  /** Upper bound on the time spent retrying one request. */
  retryBudgetMs: number;
  /** Every credential of this connection (the fields declared secret): what errors and outputs scrub. */
  secrets: readonly string[];
}

/** A token obtained by a login (or given), as the token lifecycle needs it. */
export interface VaultToken {
  clientToken: string;
  accessor?: string;
  /** Seconds; 0 means it never expires (root or a non-expiring static token). */
  leaseDuration: number;
  renewable: boolean;
  tokenType: 'service' | 'batch';
  policies: string[];
  /** Date.now() when the token was obtained or last renewed. */
  obtainedAt: number;
  /** True when the token came from a login and can be replaced by logging in again. */
  fromLogin: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'LIST';

/**
 * What a request does, which decides the access modes that allow it (`ACCESS_RULES` in
 * `src/lib/vault/access.ts`). Never derived from the HTTP method: a GET may create credentials
 * (`database/creds/x`) and a POST may reveal a secret (`transit/decrypt/x`).
 */
export type RequestAccess = 'read' | 'write' | 'mint' | 'use_key' | 'unknown';

export interface VaultRequest<T = unknown> {
  method: HttpMethod;
  /** Path below `/v1/`, as segments already validated, e.g. `secret/data/app/db`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Token to send; omitted for logins and unauthenticated calls. */
  token?: string;
  headers?: Record<string, string>;
  /** Validates the parsed JSON body of every answer taken (2xx and `acceptStatuses`): the one check of Vault's answers. */
  schema?: ZodType<T>;
  /**
   * Statuses that are answers, not errors, for requests whose refusal is an expected answer (a 404
   * holding a deleted KV v2 version's metadata; a 403 from mount discovery that must not cost a
   * fresh login). Anything else is handled by catching the `VaultError` and reading its kind.
   */
  acceptStatuses?: number[];
  /** Safe to retry after the request may have reached Vault (reads, writes with cas). */
  idempotent?: boolean;
  contentType?: string;
  /**
   * What the connection's path prefix is checked against when the request path does not say it:
   * a lease id for `sys/leases/*` (`database/creds/readonly/AbC`, the path that created it).
   */
  scopePath?: string;
  /**
   * The body holds nothing secret (names, TTLs, a CSR): Vault's messages about it are kept whole
   * instead of having every value sent scrubbed ("common name x not allowed by this role").
   */
  publicBody?: boolean;
}

/** A request through a client: the client adds the token, and the request says what it does. */
export type VaultClientRequest<T = unknown> = Omit<VaultRequest<T>, 'token'> & {
  /** What the endpoint does, for the connection's access mode (see `RequestAccess`). */
  access: RequestAccess;
};

export interface VaultResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  warnings: readonly string[];
}

/** `src/lib/vault/http.ts` (its units in `src/lib/vault/transport/`): one undici pool, TLS, headers, bounded answers, retries, redirects, error mapping. */
export interface VaultHttp {
  readonly address: string;
  readonly namespace?: string;
  request<T = unknown>(req: VaultRequest<T>): Promise<VaultResponse<T>>;
  close(): Promise<void>;
}

export interface KvVersionMetadata {
  version: number;
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
  custom_metadata?: Record<string, string> | null;
}

/** One version in a KV v2 secret's metadata. */
export interface KvVersionInfo {
  created_time: string;
  /** '' while the version is live; a future time with delete_version_after. */
  deletion_time: string;
  destroyed: boolean;
}

/** A KV v2 secret's metadata (`GET <mount>/metadata/<path>`): the fields we rely on checked, the others kept as Vault sent them. */
export interface KvMetadata {
  current_version: number;
  versions: Record<string, KvVersionInfo>;
  [field: string]: unknown;
}

export interface KvLocation {
  /** Mount path with trailing slash, e.g. `secret/` or `team/app/kv/`. */
  mount: string;
  kvVersion: KvVersion;
  /** The secret's path inside the mount, no leading or trailing slash (may be '' for the root). */
  path: string;
  /** How the KV version was learned. */
  discoveredBy: 'ui-mounts' | 'connection-setting' | 'probe';
}

export interface KvSecret {
  location: KvLocation;
  data: Record<string, unknown>;
  /** null on KV v1. */
  metadata: KvVersionMetadata | null;
}

export type WriteMode = 'merge' | 'replace' | 'create';
export type DeleteMode = 'soft' | 'undelete' | 'destroy' | 'purge';

export interface KvListResult {
  keys: string[];
  /** True when a recursive listing stopped at its limit. */
  truncated: boolean;
}

export interface ReferenceValue {
  value: unknown;
  key: string;
  version: number | null;
  /** Where the secret was read: its mount, its path inside the mount, the KV version and how that was learned. */
  location: KvLocation;
}

/** `src/lib/vault/kv/*`: KV v1 and v2 behind one interface, with mount discovery. */
export interface KvService {
  /** `secret/app/db` (mount included; `secret/data/app/db` accepted on a v2 mount). */
  locate(path: string): Promise<KvLocation>;
  read(path: string, opts?: { version?: number; bypassCache?: boolean }): Promise<KvSecret>;
  /** `mount/data/path/key` (v2) or `mount/path/key` (v1). */
  readReference(reference: string, opts?: { version?: number }): Promise<ReferenceValue>;
  /** `store`: also tell every worker (invalidation marker) that this secret changed. */
  write(
    path: string,
    data: Record<string, unknown>,
    opts?: { mode?: WriteMode; cas?: number; store?: MarkerStore },
  ): Promise<KvVersionMetadata | null>;
  list(path: string, opts?: { recursive?: boolean; limit?: number }): Promise<KvListResult>;
  remove(path: string, opts: { mode: DeleteMode; versions?: number[]; store?: MarkerStore }): Promise<void>;
  readMetadata(path: string): Promise<KvMetadata>;
}

/** Invalidation marker shared through `context.store` (PROJECT scope); holds no secret. */
export interface InvalidationMarker {
  generation: number;
  /** '' clears everything. */
  prefix: string;
  at: number;
}

/**
 * Where invalidation markers are shared between engine workers: the piece hands in the engine's
 * project-scoped `context.store`, bounded in time (`src/lib/common/marker-store.ts`).
 */
export interface MarkerStore {
  get<T>(key: string): Promise<T | null>;
  put<T>(key: string, value: T): Promise<T>;
  /** Told when the store failed, hung or answered something else than a marker; the work went on without it. */
  degraded?(reason: string): void;
}

/** `src/lib/vault/client.ts`, handed out by `src/lib/vault/registry.ts` (one per connection). */
export interface VaultClient {
  readonly config: VaultConnectionConfig;
  readonly kv: KvService;
  /**
   * Any Vault endpoint with the connection's token, namespace and TLS (logs in if needed). Refused
   * before sending when the connection's access mode does not allow what the request does.
   */
  request<T = unknown>(req: VaultClientRequest<T>): Promise<VaultResponse<T>>;
  /** The current token, logging in once if needed (single flight). */
  token(): Promise<VaultToken>;
  /** Drops cached values under a path prefix ('' = all); returns how many entries went. */
  invalidate(prefix?: string): number;
  /**
   * Local invalidation plus a marker in the store so every engine worker drops the same entries.
   * A store that fails does not fail the clear: `published` says whether other workers were told.
   */
  clearCache(prefix: string, store?: MarkerStore): Promise<{ dropped: number; published: boolean }>;
  /**
   * Checks the store's marker (rate-limited) and applies a newer one. When the store fails, hangs
   * or answers garbage, cached values older than `STORE_OUTAGE_TRUST_SECONDS` are dropped instead.
   */
  syncInvalidation(store?: MarkerStore): Promise<void>;
  stats(): { logins: number; renewals: number; cacheEntries: number };
  close(): Promise<void>;
}

/**
 * `src/lib/vault/token-session.ts`: the token lifecycle of one client. Logs in once (single
 * flight), renews renewable tokens at about two thirds of their TTL, logs in again when renewal is
 * refused, capped, or the token is a batch token, and retries once after a fresh login on a 403.
 */
export interface TokenSession {
  token(): Promise<VaultToken>;
  /** Runs `fn` with a valid token; on a 403 from a login token, logs in once more and retries once. */
  withToken<T>(fn: (token: string) => Promise<T>): Promise<T>;
  stats(): { logins: number; renewals: number };
  close(): Promise<void>;
}

/** What went wrong, for callers that react to a failure (`VaultError.kind`, `src/lib/vault/errors.ts`). */
export type VaultErrorKind =
  | 'connection'
  | 'tls'
  | 'timeout'
  | 'not_vault'
  | 'sealed'
  | 'standby'
  | 'rate_limited'
  | 'permission_denied'
  | 'not_found'
  | 'bad_request'
  | 'server'
  | 'invalid_address'
  | 'invalid_path'
  | 'auth_failed'
  | 'access_denied_by_connection'
  /** A connection prop is missing or malformed (`parseConnection`). */
  | 'invalid_config'
  /** An action's or trigger's input is missing or malformed. */
  | 'invalid_input'
  /** A `{{vault:...}}` reference is malformed or could not be resolved. */
  | 'reference'
  /** Vault answered 2xx but not in the shape we rely on (zod), or a redirect we refuse to follow. */
  | 'unexpected_response';

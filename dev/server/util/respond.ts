import { randomUUID } from 'node:crypto';

export interface Result {
  status: number;
  /** Serialized as JSON; undefined = empty body. */
  body?: unknown;
  /** Sent as-is instead of `body` (non-JSON answers of the HTTP layer; set Content-Type in headers). */
  raw?: string;
  headers?: Record<string, string>;
  /** Wrap this answer with these settings whatever X-Vault-Wrap-TTL says (sys/wrapping/rewrap). */
  wrapAs?: { ttl: number; creationPath: string };
}

export interface Envelope {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: unknown;
  wrap_info: unknown;
  warnings: string[] | null;
  auth: unknown;
}

export function envelope(parts: Partial<Envelope> = {}): Envelope {
  return {
    request_id: randomUUID(),
    lease_id: parts.lease_id ?? '',
    renewable: parts.renewable ?? false,
    lease_duration: parts.lease_duration ?? 0,
    data: parts.data ?? null,
    wrap_info: parts.wrap_info ?? null,
    warnings: parts.warnings && parts.warnings.length ? parts.warnings : null,
    auth: parts.auth ?? null,
  };
}

export const ok = (data: unknown, extra: Partial<Envelope> = {}): Result => ({
  status: 200,
  body: envelope({ ...extra, data }),
});
export const noContent = (): Result => ({ status: 204 });
export const fail = (status: number, ...errors: string[]): Result => ({ status, body: { errors } });
export const notFound = (): Result => fail(404);
export const badRequest = (message: string): Result => fail(400, message);
/** One error as Vault's multierror prints it (a handler's Go error rather than an error response). */
export const wrapped = (message: string): string => `1 error occurred:\n\t* ${message}\n\n`;
/** ACL refusal, wrapped the way Vault's multierror prints it. */
export const aclDenied = (): Result => fail(403, wrapped('permission denied'));
/** Unknown, expired or revoked token. */
export const tokenDenied = (): Result => fail(403, 'permission denied');
export const unsupported = (): Result => fail(405, '1 error occurred:\n\t* unsupported operation\n\n');
export const noRoute = (path: string): Result => fail(404, `no handler for route '${path}'`);
export const listResult = (keys: string[], keyInfo?: Record<string, unknown>): Result =>
  keys.length === 0 ? notFound() : ok(keyInfo ? { keys, key_info: keyInfo } : { keys });

/** Immediate children of `prefix` among `paths` (folders end with '/'), sorted. */
export function childKeys(paths: Iterable<string>, prefix: string): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    if (!p.startsWith(prefix) || p === prefix) continue;
    const rest = p.slice(prefix.length);
    const slash = rest.indexOf('/');
    out.add(slash === -1 ? rest : rest.slice(0, slash + 1));
  }
  return [...out].sort();
}

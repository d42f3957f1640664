/**
 * What each HTTP status from Vault means: its `VaultError` (what happened, what to do) and whether
 * it may be retried. Failures below HTTP are read in `transport/transport-errors.ts`, `sys/health`
 * in `transport/health.ts`. All Vault text passed in must already be redacted.
 */
import { sharedFieldName } from './connection/shared-fields';
import { VaultError } from './errors';
import { kv2LayoutWarning } from './kv/layout';
import { SEALED } from './transport/health';
import type { VaultErrorKind } from './types';

/** Why the last attempt failed, as far as retrying is concerned. */
export type AttemptFailure =
  | { type: 'status'; status: number; sealed: boolean; retryAfterMs?: number }
  /** `reachedServer` false: connect refused / connect timeout / DNS retry: Vault never saw it. */
  | { type: 'transport'; retryable: boolean; reachedServer: boolean };

export interface RequestContext {
  method: string;
  path: string;
  address: string;
  namespace?: string;
}

/**
 * Whether an answer with this status may be tried again: `always` when Vault refused before doing
 * anything (429 rate limit, 412 standby behind the active node, 503 sealed); `if_idempotent` for
 * other passing failures (5xx from Vault or a gateway), where the request may have been applied.
 */
export function retryOfStatus(status: number, sealed: boolean): 'always' | 'if_idempotent' | 'never' {
  if (status === 429 || status === 412 || (status === 503 && sealed)) return 'always';
  if (status === 500 || status === 502 || status === 503 || status === 504) return 'if_idempotent';
  return 'never';
}

export const UNKNOWN_NAMESPACE_HINT = `Check ${sharedFieldName('namespace')}: it must exist on this Vault (HCP Vault's default is "admin"; nested ones are written "team/sub"). Leave it empty for the root namespace.`;

/**
 * Vault refused the request itself (400, 401, 403, 404): the credentials, the path or the values
 * are wrong, and retrying will not help. Logins read it as "login refused".
 */
export function isRefusal(e: VaultError): boolean {
  return e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404;
}

/** Nothing at this path (404), as opposed to a namespace that does not exist. */
export function isMissing(e: unknown): e is VaultError {
  return e instanceof VaultError && e.kind === 'not_found' && e.status === 404 && !isUnknownNamespace(e.errors);
}

/** The engine or Vault version does not offer this operation on this path (405), e.g. KV PATCH before Vault 1.9. */
export function isUnsupportedOperation(e: unknown): e is VaultError {
  return e instanceof VaultError && e.status === 405;
}

/** Vault Enterprise / OpenBao answer a request in a namespace that does not exist with 404 "namespace not found". */
export function isUnknownNamespace(errors: string[]): boolean {
  return errors.some((e) => /namespace not found/i.test(e));
}

export function unknownNamespaceSummary(namespace: string | undefined): string {
  return `The namespace ${namespace ? `"${namespace}" ` : ''}does not exist on this Vault`;
}

export function statusError(
  ctx: RequestContext,
  status: number,
  errors: string[],
  warnings: readonly string[],
  opts: { sealed?: boolean; retryAfterMs?: number } = {},
): VaultError {
  const base = { ...ctx, status, errors, warnings };
  const make = (kind: VaultErrorKind, summary: string, hint: string) => new VaultError({ ...base, kind, summary, hint });
  if (status === 503 && opts.sealed) return new VaultError({ ...base, ...SEALED });
  switch (status) {
    case 400:
      return make('bad_request', 'Vault refused the request as invalid (400)', "Check the values sent to Vault; Vault's message says what is wrong.");
    case 403:
      return make(
        'permission_denied',
        'Vault denied permission (403)',
        "The token's policies do not allow this, or the token expired or was revoked: ask your Vault admin to grant the capability on this path.",
      );
    case 404: {
      if (isUnknownNamespace(errors)) {
        return make('not_found', unknownNamespaceSummary(ctx.namespace), UNKNOWN_NAMESPACE_HINT);
      }
      // Vault's 404 for a KV v1-style path on a KV v2 mount carries only a warning, no error.
      const kv2Warning = kv2LayoutWarning(warnings);
      if (kv2Warning) {
        return make(
          'not_found',
          `This path is on a KV v2 mount but uses the KV v1 layout (404; Vault warned: ${JSON.stringify(kv2Warning)})`,
          'On KV v2 the API path needs "data/" after the mount (e.g. secret/data/app/db), or "metadata/" for metadata. ' +
            'The secret actions (Get Secret, Read Secret Value, Write Secret...) insert it for you.',
        );
      }
      return make('not_found', 'Nothing found at this path (404)', 'Check the path and the mount name; Vault also answers 404 for a path that holds no data.');
    }
    case 405:
      return make('bad_request', 'Vault does not support this operation on this path (405)', 'This Vault version or secrets engine does not support the operation.');
    case 412:
      return make(
        'standby',
        'The Vault performance standby has not caught up with the active node yet (412)',
        'Retry in a moment; if it keeps happening, point the connection at the active node.',
      );
    case 429:
      return make(
        'rate_limited',
        'Vault rate limit quota exceeded (429)',
        `Wait and retry${opts.retryAfterMs !== undefined ? ` (Vault asked to wait ${Math.ceil(opts.retryAfterMs / 1000)} s)` : ''}, or ask your Vault admin to raise the rate limit quota.`,
      );
  }
  if (status >= 500) {
    return make('server', `Vault answered with a server error (${status})`, "Vault or a proxy in front of it failed; retry later and check Vault's server logs.");
  }
  return make('bad_request', `Vault refused the request (${status})`, "Vault's message says what is wrong.");
}

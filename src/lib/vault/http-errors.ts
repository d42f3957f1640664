/**
 * Turns HTTP answers and transport failures into `VaultError`s that say what happened and what
 * to do. Used by `http.ts`; all Vault text passed in must already be redacted.
 */
import { VaultError, retell } from './errors';
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

export type HealthState = 'active' | 'standby' | 'perf_standby' | 'dr_secondary' | 'uninitialized' | 'sealed';

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

/** The statuses `sys/health` answers with besides 200 (Vault docs): states, not failures. */
export const HEALTH_STATUSES = [429, 472, 473, 501, 503] as const;

/** `sys/health` status codes (Vault docs). */
export function healthStateFromStatus(status: number): HealthState | undefined {
  switch (status) {
    case 200:
      return 'active';
    case 429:
      return 'standby';
    case 472:
      return 'dr_secondary';
    case 473:
      return 'perf_standby';
    case 501:
      return 'uninitialized';
    case 503:
      return 'sealed';
    default:
      return undefined;
  }
}

const SEALED_HINT = 'Ask your Vault admin to unseal Vault; every request fails until it is unsealed.';
const STANDBY_HINT =
  "Use the address of the active node or of the cluster's load balancer, or add the active node's address to \"Allowed redirect addresses\".";

export const UNKNOWN_NAMESPACE_HINT =
  'Check "Namespace": it must exist on this Vault (HCP Vault\'s default is "admin"; nested ones are written "team/sub"). Leave it empty for the root namespace.';

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
  if (status === 503 && opts.sealed) return make('sealed', 'Vault is sealed', SEALED_HINT);
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
      const kv2Warning = warnings.find((w) => /versioned K\/V/i.test(w));
      if (kv2Warning) {
        return make(
          'not_found',
          `This path is on a KV v2 mount but uses the KV v1 layout (404; Vault warned: ${JSON.stringify(kv2Warning)})`,
          'On KV v2 the API path needs "data/" after the mount (e.g. secret/data/app/db), or "metadata/" for metadata. ' +
            'The secret actions (Get Secret, Read Secret, Write Secret...) insert it for you.',
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

/** Adds what `sys/health` told us to a final 5xx failure. */
export function withHealth(err: VaultError, state: HealthState | undefined): VaultError {
  switch (state) {
    case 'sealed':
      return retell(err, { kind: 'sealed', summary: 'Vault is sealed', hint: SEALED_HINT });
    case 'standby':
      return retell(err, { kind: 'standby', summary: 'This Vault node is a standby and could not serve the request', hint: STANDBY_HINT });
    case 'dr_secondary':
      return retell(err, {
        kind: 'standby',
        summary: 'This Vault node is a disaster-recovery secondary and cannot serve requests',
        hint: 'Point the connection at the primary cluster.',
      });
    case 'uninitialized':
      return retell(err, { kind: 'server', summary: 'Vault is not initialised', hint: 'Ask your Vault admin to initialise and unseal Vault.' });
    default:
      // Active (or a performance standby, which serves reads), or unknown: the error says enough.
      return err;
  }
}

export function notVaultError(ctx: RequestContext, status: number, contentType: string | undefined): VaultError {
  const what = contentType ? contentType.split(';')[0].trim() : 'no content type';
  return new VaultError({
    ...ctx,
    status,
    kind: 'not_vault',
    summary: `The server did not answer like Vault (HTTP ${status}, ${what} instead of JSON)`,
    hint: "Check the address: it must be Vault's API address (the one the Vault CLI uses, e.g. https://vault.example.com:8200), not a web page, login page or another service.",
  });
}

export function unexpectedShapeError(ctx: RequestContext, status: number, problems: string[]): VaultError {
  return new VaultError({
    ...ctx,
    status,
    kind: 'unexpected_response',
    summary: `Vault's answer does not have the expected shape (${problems.slice(0, 3).join('; ')})`,
    hint: 'Check that the address points to HashiCorp Vault (or OpenBao) and that the path is the intended endpoint.',
  });
}

export function redirectRefusedError(ctx: RequestContext, summary: string, hint: string): VaultError {
  return new VaultError({ ...ctx, kind: 'unexpected_response', summary, hint });
}

interface ClassifiedTransport {
  error: VaultError;
  failure: AttemptFailure;
}

const UNTRUSTED_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const own = typeof err?.code === 'string' ? err.code : '';
  const cause = typeof err?.cause?.code === 'string' ? err.cause.code : '';
  // undici wraps some socket errors in a generic one; the cause is more specific.
  if (own && own !== 'UND_ERR_SOCKET') return own;
  return cause || own;
}

function errorText(e: unknown): string {
  const err = e as { message?: unknown; cause?: { message?: unknown } } | undefined;
  return `${String(err?.message ?? '')} ${String(err?.cause?.message ?? '')}`;
}

/** Maps an undici/Node failure to a `VaultError` and says whether it may be retried. */
export function classifyTransportError(e: unknown, ctx: RequestContext, requestTimeoutMs: number): ClassifiedTransport {
  const code = errorCode(e);
  const text = errorText(e);
  const host = safeHost(ctx.address);
  const make = (kind: VaultErrorKind, summary: string, hint: string) => new VaultError({ ...ctx, kind, summary, hint });

  if (code === 'ECONNREFUSED') {
    return {
      error: make('connection', `Could not connect to Vault: connection refused`, 'Check that Vault is running and that the address and port are right.'),
      failure: { type: 'transport', retryable: true, reachedServer: false },
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      error: make('connection', `The host name "${host}" of the Vault address could not be resolved (DNS)`, 'Check the spelling of the address and that this host can resolve it.'),
      failure: { type: 'transport', retryable: code === 'EAI_AGAIN', reachedServer: false },
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return {
      error: make('connection', `Could not reach Vault (${code})`, 'Check the address and that the network or firewall allows the connection.'),
      failure: { type: 'transport', retryable: true, reachedServer: false },
    };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return {
      error: make('timeout', `Connecting to Vault timed out`, 'Check the address and port, and that a firewall is not silently dropping the connection.'),
      failure: { type: 'transport', retryable: true, reachedServer: false },
    };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return {
      error: make(
        'timeout',
        `Vault did not answer within ${Math.round(requestTimeoutMs / 1000)} s`,
        'Vault or a proxy in front of it is overloaded or stuck; retry later or raise "Request Timeout (seconds)".',
      ),
      failure: { type: 'transport', retryable: true, reachedServer: true },
    };
  }
  if (UNTRUSTED_CA.has(code)) {
    return {
      error: make(
        'tls',
        `Vault's TLS certificate is signed by a certificate authority this connection does not trust (${code})`,
        'Paste the CA certificate (PEM) that signed Vault\'s certificate into "CA Certificate (PEM)".',
      ),
      failure: { type: 'transport', retryable: false, reachedServer: false },
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      error: make(
        'tls',
        `Vault's TLS certificate is not valid for the host name "${host}" (hostname mismatch)`,
        'Use the host name the certificate was issued for in the address, or have the certificate reissued with this name.',
      ),
      failure: { type: 'transport', retryable: false, reachedServer: false },
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      error: make(
        'tls',
        code === 'CERT_HAS_EXPIRED' ? "Vault's TLS certificate has expired" : "Vault's TLS certificate is not valid yet",
        "Ask your Vault admin to renew Vault's certificate (and check this machine's clock).",
      ),
      failure: { type: 'transport', retryable: false, reachedServer: false },
    };
  }
  if (/certificate required|bad certificate|unknown ca|alert/i.test(text) && /ssl|tls|alert/i.test(text)) {
    return {
      error: make(
        'tls',
        'Vault refused the TLS handshake (client certificate missing or not accepted)',
        'Check "Client Certificate (PEM)" and "Client Private Key (PEM)": Vault must trust the CA that issued the client certificate.',
      ),
      failure: { type: 'transport', retryable: false, reachedServer: false },
    };
  }
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(text)) {
    return {
      error: make(
        'tls',
        `The TLS handshake failed: the server does not seem to speak TLS`,
        'If Vault listens without TLS, use http:// in the address; otherwise check the port.',
      ),
      failure: { type: 'transport', retryable: false, reachedServer: false },
    };
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /ssl|tls/i.test(code)) {
    return {
      error: make('tls', `The TLS connection to Vault failed (${code})`, 'Check "CA Certificate (PEM)", "Client Certificate (PEM)" and "Client Private Key (PEM)".'),
      failure: { type: 'transport', retryable: false, reachedServer: false },
    };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return {
      error: make(
        'connection',
        `The connection to Vault was closed before Vault answered`,
        'Vault or a proxy in front of it dropped the connection; retry later. If the address is https, check that the server speaks TLS on that port.',
      ),
      failure: { type: 'transport', retryable: true, reachedServer: true },
    };
  }
  if (code === 'UND_ERR_DESTROYED') {
    return {
      error: make('connection', 'The Vault client was closed while the request was running', 'Retry the step.'),
      failure: { type: 'transport', retryable: false, reachedServer: true },
    };
  }
  return {
    error: make('connection', `The request to Vault failed (${code || 'unknown error'})`, 'Check the address and the network.'),
    failure: { type: 'transport', retryable: false, reachedServer: true },
  };
}

function safeHost(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return address;
  }
}

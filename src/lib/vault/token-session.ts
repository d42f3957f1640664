/**
 * The token lifecycle of one client: log in once (single flight), reuse the token, renew
 * renewable tokens at about two thirds of their TTL (lazily, on the next use), log in again when
 * renewal is refused or capped by the max TTL, or the token is a batch token, and retry once with
 * a fresh login on a 403. A login token that is replaced or no longer needed (close) is revoked,
 * so tokens do not pile up until their TTL.
 */
import { loginMethodNamed } from './auth';
import { loginResponseSchema } from './auth/login-response';
import { VaultError, capabilityFor, isVaultError } from './errors';
import type { TokenSession, VaultConnectionConfig, VaultHttp, VaultToken } from './types';

/** Renew (or log in again) after this share of the TTL. */
const REFRESH_AT = 2 / 3;
/** After a failed renewal that left the token valid, wait this share of the TTL before trying again. */
const RENEW_RETRY_SHARE = 0.1;

interface HeldToken {
  token: VaultToken;
  /** The TTL the token was issued with: what renewals ask for. */
  issuedTtl: number;
  refreshAt: number;
  expiresAt: number;
  /** Renewal was capped by the max TTL (or refused): log in again at the next refresh point. */
  noMoreRenewals: boolean;
}

export function createTokenSession(config: VaultConnectionConfig, http: VaultHttp, opts: { now?: () => number } = {}): TokenSession {
  const now = opts.now ?? Date.now;
  const method = loginMethodNamed(config.authMethod);
  let held: HeldToken | undefined;
  let inflight: Promise<VaultToken> | undefined;
  let logins = 0;
  let renewals = 0;

  function hold(token: VaultToken, issuedTtl: number, noMoreRenewals: boolean): VaultToken {
    const at = now();
    const t = { ...token, obtainedAt: at };
    const ttlMs = t.leaseDuration * 1000;
    held = {
      token: t,
      issuedTtl,
      refreshAt: t.leaseDuration === 0 ? Infinity : at + ttlMs * REFRESH_AT,
      expiresAt: t.leaseDuration === 0 ? Infinity : at + ttlMs,
      noMoreRenewals,
    };
    return t;
  }

  function singleFlight(work: () => Promise<VaultToken>): Promise<VaultToken> {
    if (!inflight) {
      inflight = work().finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }

  async function login(): Promise<VaultToken> {
    // Still valid, so still a way in: revoked once replaced. (An expired one is gone already.)
    const previous = held && now() < held.expiresAt ? held.token : undefined;
    const token = await method.login(config, http);
    logins++;
    if (previous) void revoke(previous);
    return hold(token, token.leaseDuration, !token.renewable);
  }

  /** Best effort: a token we logged in for and no longer use (batch tokens cannot be revoked). */
  async function revoke(t: VaultToken): Promise<void> {
    if (!t.fromLogin || t.tokenType === 'batch') return;
    await http
      .request({ method: 'POST', path: 'auth/token/revoke-self', token: t.clientToken, idempotent: true })
      .then(() => undefined, () => undefined);
  }

  async function renew(h: HeldToken): Promise<VaultToken> {
    const asked = Math.max(h.issuedTtl, 1);
    try {
      const res = await http.request({
        method: 'POST',
        path: 'auth/token/renew-self',
        token: h.token.clientToken,
        body: { increment: `${asked}s` },
        schema: loginResponseSchema,
        idempotent: true,
      });
      renewals++;
      const granted = res.body.auth.lease_duration;
      const capped = granted < asked - 1 || res.warnings.some((w) => /max[_ ]?ttl|capped/i.test(w));
      return hold({ ...h.token, leaseDuration: granted, renewable: res.body.auth.renewable }, h.issuedTtl, capped || !res.body.auth.renewable);
    } catch (e) {
      const refused = isVaultError(e) && (e.kind === 'bad_request' || e.kind === 'permission_denied');
      if (refused && h.token.fromLogin) return login();
      if (refused) {
        // A static token that cannot be renewed: keep it until Vault refuses it.
        h.noMoreRenewals = true;
        h.refreshAt = Infinity;
        return h.token;
      }
      if (now() < h.expiresAt) {
        h.refreshAt = now() + h.token.leaseDuration * 1000 * RENEW_RETRY_SHARE;
        return h.token;
      }
      throw e;
    }
  }

  function token(): Promise<VaultToken> {
    if (inflight) return inflight;
    const h = held;
    if (!h) return singleFlight(login);
    const at = now();
    if (at < h.refreshAt) return Promise.resolve(h.token);
    const expired = at >= h.expiresAt;
    if (h.token.fromLogin && (expired || h.noMoreRenewals || !h.token.renewable || h.token.tokenType === 'batch')) {
      return singleFlight(login);
    }
    if (h.token.renewable && !h.noMoreRenewals && !expired) return singleFlight(() => renew(h));
    // A static token that cannot be renewed: keep it until it fails.
    return Promise.resolve(h.token);
  }

  /** Logs in again unless another caller already replaced the stale token. */
  function replace(stale: VaultToken): Promise<VaultToken> {
    if (inflight) return inflight;
    if (held && held.token.clientToken !== stale.clientToken) return Promise.resolve(held.token);
    return singleFlight(login);
  }

  /** Runs `fn` with the token; on a 403 logs in again once and retries. */
  async function withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const first = await token();
    try {
      return await fn(first.clientToken);
    } catch (e) {
      return afterDenied(e, first, fn);
    }
  }

  async function afterDenied<T>(e: unknown, first: VaultToken, fn: (token: string) => Promise<T>): Promise<T> {
    if (!isPermissionDenied(e)) throw e;
    if (!first.fromLogin) throw policyError(e, config, false);
    const fresh = await replace(first);
    try {
      return await fn(fresh.clientToken);
    } catch (e2) {
      if (isPermissionDenied(e2)) throw policyError(e2, config, true);
      throw e2;
    }
  }

  return {
    token,
    withToken,
    stats: () => ({ logins, renewals }),
    async close() {
      const last = held?.token;
      held = undefined;
      if (last) await revoke(last);
    },
  };
}

function isPermissionDenied(e: unknown): e is VaultError {
  return isVaultError(e) && e.kind === 'permission_denied';
}

/** The 403 a fresh token also got: a policy problem, said in words an admin can act on. */
function policyError(e: VaultError, config: VaultConnectionConfig, fromLogin: boolean): VaultError {
  const path = displayPath(e.path);
  const what = `${e.method ?? 'this request'} ${path !== undefined ? `/v1/${path}` : ''}`.trim();
  const rule = path !== undefined ? `"${capabilityFor(e.method)}" on "${path}"` : 'the needed capability';
  const summary = fromLogin
    ? `The token from the ${loginMethodNamed(config.authMethod).label} login is not allowed to ${what}`
    : `The token is not allowed to ${what} (or it expired or was revoked)`;
  return new VaultError({
    kind: 'permission_denied',
    summary,
    hint: `Ask your Vault admin to add ${rule} to the ${loginMethodNamed(config.authMethod).policyHolder}${fromLogin ? '' : ', or use a valid token'}.`,
    status: e.status,
    errors: e.errors,
    address: e.address,
    namespace: e.namespace,
    warnings: e.warnings,
    method: e.method,
    path: e.path,
    summaryNamesRequest: true,
  });
}

function displayPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

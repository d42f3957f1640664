/**
 * The one place that talks HTTP to Vault. A request is checked and put on the wire
 * (`transport/outgoing.ts`), sent on the connection's sockets (`transport/dispatchers.ts`) as one
 * bounded exchange per hop (`transport/bounded-exchange.ts`: deadline and size limit) following
 * the redirects allowed (`transport/redirects.ts`), read (`transport/answer.ts`: schema, status,
 * redaction) and retried when that may help (`retry.ts`). A final 5xx is explained with the node's
 * `sys/health` (`transport/health.ts`).
 */
import { basePathOf, normalizeAddress, originOf } from './address';
import { isVaultError } from './errors';
import type { RequestContext } from './http-errors';
import { assertEncodedPath, ensureEncodedPath } from './paths';
import { retrying, type Attempt } from './retry';
import { interpretAnswer } from './transport/answer';
import { boundedExchange } from './transport/bounded-exchange';
import type { AddressCheck } from './address-guard';
import { createDispatchers } from './transport/dispatchers';
import { probeHealth, withHealth } from './transport/health';
import { type Outgoing, outgoing } from './transport/outgoing';
import { followingRedirects } from './transport/redirects';
import { classifyTransportError } from './transport/transport-errors';
import type { VaultConnectionConfig, VaultHttp, VaultRequest, VaultResponse } from './types';

/** The client's view: `request` may be handed the token separately from the request. */
export interface TokenAwareVaultHttp extends VaultHttp {
  request<T = unknown>(req: VaultRequest<T>, token?: string): Promise<VaultResponse<T>>;
}

export interface VaultHttpOptions {
  /** Applied to every address connected to, before any byte is sent (an embedder's SSRF rule). */
  checkAddress?: AddressCheck;
}

export function createVaultHttp(config: VaultConnectionConfig, options: VaultHttpOptions = {}): TokenAwareVaultHttp {
  const address = normalizeAddress(config.url);
  const origin = originOf(address);
  const sender = { basePath: basePathOf(address), namespace: config.namespace || undefined };
  const allowedOrigins = new Set([origin, ...config.allowedRedirectAddresses.map((a) => originOf(normalizeAddress(a)))]);
  const dispatchers = createDispatchers(config, origin, options.checkAddress);

  /** `token` overrides `req.token`: the client adds its token without copying the request. */
  async function request<T>(req: VaultRequest<T>, token = req.token): Promise<VaultResponse<T>> {
    assertEncodedPath(req.path);
    const path = ensureEncodedPath(req.path);
    const where = (): RequestContext => ({ method: req.method, path, address, namespace: sender.namespace });
    const sent = outgoing(req, path, token, sender, where);
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'LIST');
    try {
      return await retrying(() => attempt(sent, req, token, where), { idempotent, maxRetries: config.maxRetries, budgetMs: config.retryBudgetMs });
    } catch (e) {
      if (!isVaultError(e) || e.status === undefined || e.status < 500 || e.kind === 'sealed' || path === 'sys/health') throw e;
      throw withHealth(e, await probeHealth(dispatchers.for(origin), sender.basePath, config.requestTimeoutMs));
    }
  }

  /** One exchange with Vault, redirects followed, within the connection's time and size bounds. */
  async function attempt<T>(sent: Outgoing, req: VaultRequest<T>, token: string | undefined, where: () => RequestContext): Promise<Attempt<VaultResponse<T>>> {
    const bounds = { deadline: Date.now() + config.requestTimeoutMs, maxBytes: config.maxResponseBytes };
    try {
      const answer = await followingRedirects(
        (hop) => boundedExchange(dispatchers.for(hop.origin), { origin: hop.origin, path: hop.path, method: sent.method, headers: sent.headers, body: sent.body }, bounds),
        { origin, path: sent.path },
        allowedOrigins,
        where,
      );
      return interpretAnswer(answer, { req, token, secrets: config.secrets, where });
    } catch (e) {
      if (isVaultError(e)) throw e;
      return { ok: false, ...classifyTransportError(e, where(), config) };
    }
  }

  return { address, namespace: sender.namespace, request, close: () => dispatchers.close() };
}

/**
 * The one place that talks HTTP to Vault: an undici keep-alive `Pool` for the connection's address
 * (and an `Agent` only for the other nodes redirects may lead to) with explicit TLS, Vault's
 * headers, timeouts, retries with jittered backoff, HA 307 redirects and mapping of every failure
 * to a redacted, actionable `VaultError`.
 */
import { Agent, Pool, type Dispatcher } from 'undici';
import { type AddressCheck, guardedConnector } from './address-guard';
import { basePathOf, normalizeAddress, originOf } from './address';
import { VaultError, cleanVaultMessages, isVaultError } from './errors';
import {
  type HealthState,
  type RequestContext,
  classifyTransportError,
  healthStateFromStatus,
  notVaultError,
  redirectRefusedError,
  statusError,
  unexpectedShapeError,
  withHealth,
} from './http-errors';
import { assertEncodedPath, ensureEncodedPath } from './paths';
import { createRedactor, stringLeaves, type Redactor } from './redact';
import { type AttemptFailure, isRetryable, nextDelay, parseRetryAfter, sleep } from './retry';
import type { VaultConnectionConfig, VaultHttp, VaultRequest, VaultResponse } from './types';

const MAX_REDIRECTS = 3;
const HEALTH_PROBE_TIMEOUT_MS = 5_000;
const CLOSE_GRACE_MS = 1_000;
const MAX_CHECKED_PATHS = 4_096;

type IncomingHeaders = Record<string, string | string[] | undefined>;

interface RawAnswer {
  status: number;
  headers: IncomingHeaders;
  text: string;
}

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
  const basePath = basePathOf(address);
  const allowedOrigins = new Set([origin, ...config.allowedRedirectAddresses.map((a) => originOf(normalizeAddress(a)))]);
  const namespace = config.namespace || undefined;
  const connectionSecrets = config.secrets;

  const tls = {
    // Always explicit: never inherit NODE_TLS_REJECT_UNAUTHORIZED from the process.
    rejectUnauthorized: !config.tlsSkipVerify,
    ...(config.caCertificate ? { ca: config.caCertificate } : {}),
    ...(config.clientCertificate ? { cert: config.clientCertificate } : {}),
    ...(config.clientKey ? { key: config.clientKey } : {}),
    timeout: config.connectTimeoutMs,
  };
  const dispatcherOptions: Agent.Options = {
    connect: options.checkAddress ? guardedConnector(tls, options.checkAddress) : tls,
    connectTimeout: config.connectTimeoutMs,
    headersTimeout: config.requestTimeoutMs,
    bodyTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
  };
  // The connection's own origin gets a pool of its own (what an Agent would create for it, minus
  // the per-request origin lookup); an Agent serves the other origins redirects may lead to.
  const pool = new Pool(origin, dispatcherOptions);
  let redirectAgent: Agent | undefined;
  const dispatcherFor = (target: string): Dispatcher => (target === origin ? pool : (redirectAgent ??= new Agent(dispatcherOptions)));

  async function followRedirects(
    first: Dispatcher.ResponseData,
    method: string,
    pathAndQuery: string,
    headers: Record<string, string>,
    body: string | undefined,
    ctx: RequestContext,
  ): Promise<RawAnswer> {
    // The first hop went to the connection's own origin; a URL is only parsed for redirects.
    let url: URL | undefined;
    let res = first;
    for (let hop = 0; ; hop++) {
      const location = headerValue(res.headers, 'location');
      if ((res.statusCode === 307 || res.statusCode === 308) && location) {
        await res.body.dump();
        url = checkRedirect(url ?? new URL(origin + pathAndQuery), location, hop, ctx);
        res = await dispatcherFor(url.origin).request({ origin: url.origin, path: url.pathname + url.search, method: method as Dispatcher.HttpMethod, headers, body });
        continue;
      }
      const text = await res.body.text();
      if (res.statusCode >= 300 && res.statusCode < 400) {
        throw redirectRefusedError(
          ctx,
          `The server redirected to ${location ? safeOrigin(location, url ?? new URL(origin + pathAndQuery)) : 'another address'} (HTTP ${res.statusCode})`,
          'Use the address it redirects to (often https:// instead of http://) as the Vault address.',
        );
      }
      return { status: res.statusCode, headers: res.headers as IncomingHeaders, text };
    }
  }

  function checkRedirect(current: URL, location: string, hop: number, ctx: RequestContext): URL {
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw redirectRefusedError(ctx, 'Vault redirected to an invalid address', 'Check the api_addr setting of the Vault cluster.');
    }
    if (hop + 1 > MAX_REDIRECTS) {
      throw redirectRefusedError(ctx, `Vault redirected more than ${MAX_REDIRECTS} times`, "Point the connection at the cluster's active node or load balancer.");
    }
    if (current.protocol === 'https:' && next.protocol !== 'https:') {
      throw redirectRefusedError(
        ctx,
        `Vault redirected from https to an insecure address (${next.origin}); the redirect was not followed`,
        "Fix the cluster's api_addr to use https, or point the connection at the active node.",
      );
    }
    if (!allowedOrigins.has(next.origin)) {
      throw redirectRefusedError(
        ctx,
        `Vault redirected to another node (${next.origin}); the token and credentials are only sent to the connection's address`,
        `Add ${next.origin} to "Allowed Redirect Addresses", or use the address of the active node or load balancer.`,
      );
    }
    return next;
  }

  async function probeHealth(): Promise<HealthState | undefined> {
    try {
      const res = await pool.request({
        path: `${basePath}/v1/sys/health`,
        method: 'GET',
        headers: { 'x-vault-request': 'true' },
        headersTimeout: Math.min(config.requestTimeoutMs, HEALTH_PROBE_TIMEOUT_MS),
        bodyTimeout: Math.min(config.requestTimeoutMs, HEALTH_PROBE_TIMEOUT_MS),
      });
      await res.body.dump();
      return healthStateFromStatus(res.statusCode);
    } catch {
      return undefined;
    }
  }

  /** Validated, encoded request paths: repeat paths skip the checks (~1.4 µs, ~4% of a read's client CPU on loopback). */
  const checkedPaths = new Map<string, string>();

  function checkedPath(raw: string): string {
    let path = checkedPaths.get(raw);
    if (path === undefined) {
      assertEncodedPath(raw);
      path = ensureEncodedPath(raw);
      if (checkedPaths.size >= MAX_CHECKED_PATHS) checkedPaths.clear();
      checkedPaths.set(raw, path);
    }
    return path;
  }

  /** Where a failure happened, for its error: built only on error paths. */
  function contextOf(req: VaultRequest, path: string): RequestContext {
    return { method: req.method, path, address, namespace };
  }

  /** The headers of a plain request (no body, no extra headers), reused while the token is the same. */
  let plainHeaders: Readonly<Record<string, string>> | undefined;
  let plainHeadersToken: string | undefined;

  function headersFor(req: VaultRequest, token: string | undefined): Record<string, string> {
    if (req.body !== undefined || req.headers !== undefined) return buildHeaders(req, token, namespace);
    if (plainHeaders === undefined || plainHeadersToken !== token) {
      plainHeaders = Object.freeze(buildHeaders(req, token, namespace));
      plainHeadersToken = token;
    }
    return plainHeaders as Record<string, string>;
  }

  /** `token` overrides `req.token`: the client adds its token without copying the request. */
  async function request<T>(req: VaultRequest<T>, token = req.token): Promise<VaultResponse<T>> {
    const path = checkedPath(req.path);
    const method = req.method === 'LIST' ? 'GET' : req.method;
    const query = req.method === 'LIST' ? { ...req.query, list: 'true' } : req.query;
    const pathAndQuery = `${basePath}/v1/${path}${query ? buildQuery(query) : ''}`;
    const headers = headersFor(req, token);
    const body = req.body === undefined ? undefined : serializeBody(req.body, contextOf(req, path));
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'LIST');
    const started = Date.now();

    let lastError: VaultError;
    for (let attempt = 0; ; attempt++) {
      let failure: AttemptFailure;
      try {
        // One attempt, redirects followed; the usual answer (no redirect) is read inline.
        const res = await pool.request({ path: pathAndQuery, method: method as Dispatcher.HttpMethod, headers, body });
        const answer: RawAnswer =
          res.statusCode >= 300 && res.statusCode < 400
            ? await followRedirects(res, method, pathAndQuery, headers, body, contextOf(req, path))
            : { status: res.statusCode, headers: res.headers as IncomingHeaders, text: await res.body.text() };
        const outcome = interpret(answer, req, path, token);
        if (outcome.ok) return outcome.response;
        lastError = outcome.error;
        failure = outcome.failure;
      } catch (e) {
        if (isVaultError(e)) throw e;
        const classified = classifyTransportError(e, contextOf(req, path), config.requestTimeoutMs);
        lastError = classified.error;
        failure = classified.failure;
      }
      if (!isRetryable(failure, idempotent)) break;
      const delay = nextDelay({
        attempt,
        maxRetries: config.maxRetries,
        elapsedMs: Date.now() - started,
        budgetMs: config.retryBudgetMs,
        retryAfterMs: failure.type === 'status' ? failure.retryAfterMs : undefined,
      });
      if (delay === undefined) break;
      await sleep(delay);
    }
    if (lastError.status !== undefined && lastError.status >= 500 && lastError.kind !== 'sealed' && path !== 'sys/health') {
      lastError = withHealth(lastError, await probeHealth());
    }
    throw lastError;
  }

  function interpret<T>(answer: RawAnswer, req: VaultRequest<T>, path: string, token: string | undefined): Interpretation<T> {
    const { status, headers, text } = answer;
    const parsed = parseJson(text);
    const accepted = (status >= 200 && status < 300) || (req.acceptStatuses !== undefined && req.acceptStatuses.includes(status));

    if (parsed === INVALID_JSON) {
      const error = notVaultError(contextOf(req, path), status, headerValue(headers, 'content-type'));
      // A proxy's HTML 502/503/504 is still worth a retry.
      return { ok: false, error, failure: { type: 'status', status: status >= 500 ? status : 0, sealed: false } };
    }
    const bodyObject = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    // Built only when an answer has text to scrub (warnings, errors).
    let lazy: LazyRedactor | undefined;
    const warnings = bodyObject?.warnings ? cleanVaultMessages(bodyObject.warnings).map((w) => (lazy ??= redactorFor(req, token)).redact(w)) : NO_WARNINGS;

    if (accepted) {
      let body = parsed as T;
      if (req.schema) {
        const result = req.schema.safeParse(parsed);
        if (!result.success) {
          const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
          return { ok: false, error: unexpectedShapeError(contextOf(req, path), status, problems), failure: { type: 'status', status: 0, sealed: false } };
        }
        body = result.data;
      }
      return { ok: true, response: { status, body, headers, warnings } };
    }

    const redactor = (lazy ??= redactorFor(req, token));
    const errors = cleanVaultMessages(bodyObject?.errors).map((e) => redactor.redact(e));
    const sealed = errors.some((e) => /vault is sealed/i.test(e));
    const retryAfterMs = status === 429 ? parseRetryAfter(headers['retry-after']) : undefined;
    const error = statusError(contextOf(req, path), status, errors, warnings, { sealed, retryAfterMs });
    return { ok: false, error, failure: { type: 'status', status, sealed, retryAfterMs } };
  }

  /** The connection's secrets, the request's token and (unless the body is public) the values it sent. */
  function redactorFor(req: VaultRequest, token: string | undefined): LazyRedactor {
    return new LazyRedactor(connectionSecrets, token, req.publicBody ? undefined : req.body);
  }

  return {
    address,
    namespace,
    request,
    async close() {
      // Give running requests a moment, then cut anything still hanging.
      let grace: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        grace = setTimeout(() => resolve(false), CLOSE_GRACE_MS);
        grace.unref();
      });
      const dispatchers: Dispatcher[] = redirectAgent ? [pool, redirectAgent] : [pool];
      const ok = await Promise.race([Promise.all(dispatchers.map((d) => d.close())).then(() => true), timedOut]);
      clearTimeout(grace);
      if (!ok) await Promise.all(dispatchers.map((d) => d.destroy().catch(() => undefined)));
    },
  };
}

/**
 * Scrubs the connection's secrets, the request's token and the values it sent. A class rather
 * than a closure over the request: nothing is allocated per answer until there is text to scrub.
 */
class LazyRedactor {
  private scrub: Redactor | undefined;

  constructor(
    private readonly connectionSecrets: readonly string[],
    private readonly token: string | undefined,
    private readonly body: unknown,
  ) {}

  redact(text: string): string {
    this.scrub ??= createRedactor([...this.connectionSecrets, this.token, ...stringLeaves(this.body)]);
    return this.scrub(text);
  }
}

type Interpretation<T> =
  | { ok: true; response: VaultResponse<T> }
  | { ok: false; error: VaultError; failure: AttemptFailure };

const INVALID_JSON = Symbol('invalid-json');

/** Shared by every answer without warnings (most of them); frozen, and typed so that no caller can add to it. */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Checked only after a failed parse: `trim` copies the text, and Vault ends every answer with a newline.
    return text.trim() === '' ? null : INVALID_JSON;
  }
}

function buildHeaders(req: VaultRequest, token: string | undefined, namespace: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'x-vault-request': 'true' };
  if (token) headers['x-vault-token'] = token;
  if (namespace) headers['x-vault-namespace'] = namespace;
  if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  if (req.headers === undefined) return headers;
  // An empty value removes a default header (e.g. no namespace for the root-only sys/health).
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === '') delete headers[k.toLowerCase()];
    else headers[k.toLowerCase()] = v;
  }
  return headers;
}

function buildQuery(query: Record<string, string | number | boolean | undefined>): string {
  let any = false;
  for (const k in query) if (query[k] !== undefined) any = true;
  if (!any) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function headerValue(headers: IncomingHeaders | Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = (headers as IncomingHeaders)[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeOrigin(location: string, base: URL): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return 'another address';
  }
}

/** JSON for the request body; a body JSON cannot express (nested too deep, cyclic, BigInt) is refused before sending. */
function serializeBody(body: unknown, ctx: RequestContext): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw new VaultError({
      ...ctx,
      kind: 'bad_request',
      summary: 'The request body cannot be sent to Vault as JSON (nested too deeply, circular, or holding values JSON cannot represent); nothing was sent',
      hint: 'Flatten the data (at most a few dozen levels of nesting) and use only text, numbers, booleans, lists and objects.',
    });
  }
}

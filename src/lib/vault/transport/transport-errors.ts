/**
 * What a failure below HTTP means (nothing listening, DNS, TLS, a dropped connection, a deadline or
 * size limit reached): one table row per kind of failure, saying what happened, what to do and
 * whether another attempt may help.
 */
import { sharedFieldName } from '../connection/shared-fields';
import { VaultError } from '../errors';
import type { AttemptFailure, RequestContext } from '../http-errors';
import type { VaultErrorKind } from '../types';
import { AnswerBoundsError } from './bounded-exchange';

/** What is known about the failure, for matching a row and writing its message. */
interface Facts {
  code: string;
  /** The error's and its cause's messages (TLS alerts are only told there). */
  text: string;
  host: string;
  timeoutSeconds: number;
  maxMegabytes: number;
}

interface Row {
  when(f: Facts): boolean;
  kind: VaultErrorKind;
  summary(f: Facts): string;
  hint(f: Facts): string;
  /** Another attempt may succeed. */
  retryable: boolean;
  /** Vault may have seen the request (a write is then not retried unless idempotent). */
  reachedServer: boolean;
}

/** Codes given to the bounds of an answer (`AnswerBoundsError`), so that they sit in the table like the others. */
const ANSWER_TOO_SLOW = 'ANSWER_TOO_SLOW';
const ANSWER_TOO_LARGE = 'ANSWER_TOO_LARGE';

const UNTRUSTED_CA = [
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
];

const codeIn =
  (...codes: string[]) =>
  (f: Facts) =>
    codes.includes(f.code);

const fixed = (s: string) => () => s;

/** First matching row wins: the specific TLS rows come before the catch-all TLS row. */
const ROWS: readonly Row[] = [
  {
    when: codeIn(ANSWER_TOO_SLOW, 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED', 'ABORT_ERR'),
    kind: 'timeout',
    summary: (f) => `Vault did not answer within ${f.timeoutSeconds} s`,
    hint: () => `Vault or a proxy in front of it is overloaded, stuck or sending its answer too slowly; retry later or raise ${sharedFieldName('requestTimeoutSeconds')}.`,
    retryable: true,
    reachedServer: true,
  },
  {
    when: codeIn(ANSWER_TOO_LARGE),
    kind: 'unexpected_response',
    summary: (f) => `Vault's answer is larger than the ${f.maxMegabytes} MiB limit; it was not read further`,
    hint: () => `If answers this large are expected, raise ${sharedFieldName('maxResponseMegabytes')}; otherwise check that the address points to Vault.`,
    retryable: false,
    reachedServer: true,
  },
  {
    when: codeIn('ECONNREFUSED'),
    kind: 'connection',
    summary: fixed('Could not connect to Vault: connection refused'),
    hint: fixed('Check that Vault is running and that the address and port are right.'),
    retryable: true,
    reachedServer: false,
  },
  ...[true, false].map(
    (retryable): Row => ({
      when: retryable ? codeIn('EAI_AGAIN') : codeIn('ENOTFOUND', 'EAI_NONAME'),
      kind: 'connection',
      summary: (f) => `The host name "${f.host}" of the Vault address could not be resolved (DNS)`,
      hint: fixed('Check the spelling of the address and that this host can resolve it.'),
      retryable,
      reachedServer: false,
    }),
  ),
  {
    when: codeIn('EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'),
    kind: 'connection',
    summary: (f) => `Could not reach Vault (${f.code})`,
    hint: fixed('Check the address and that the network or firewall allows the connection.'),
    retryable: true,
    reachedServer: false,
  },
  {
    when: codeIn('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'),
    kind: 'timeout',
    summary: fixed('Connecting to Vault timed out'),
    hint: fixed('Check the address and port, and that a firewall is not silently dropping the connection.'),
    retryable: true,
    reachedServer: false,
  },
  {
    when: codeIn(...UNTRUSTED_CA),
    kind: 'tls',
    summary: (f) => `Vault's TLS certificate is signed by a certificate authority this connection does not trust (${f.code})`,
    hint: () => `Paste the CA certificate (PEM) that signed Vault's certificate into ${sharedFieldName('caCertificate')}.`,
    retryable: false,
    reachedServer: false,
  },
  {
    when: codeIn('ERR_TLS_CERT_ALTNAME_INVALID'),
    kind: 'tls',
    summary: (f) => `Vault's TLS certificate is not valid for the host name "${f.host}" (hostname mismatch)`,
    hint: fixed('Use the host name the certificate was issued for in the address, or have the certificate reissued with this name.'),
    retryable: false,
    reachedServer: false,
  },
  ...(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'] as const).map(
    (code): Row => ({
      when: codeIn(code),
      kind: 'tls',
      summary: fixed(code === 'CERT_HAS_EXPIRED' ? "Vault's TLS certificate has expired" : "Vault's TLS certificate is not valid yet"),
      hint: fixed("Ask your Vault admin to renew Vault's certificate (and check this machine's clock)."),
      retryable: false,
      reachedServer: false,
    }),
  ),
  {
    when: (f) => /certificate required|bad certificate|unknown ca|alert/i.test(f.text) && /ssl|tls|alert/i.test(f.text),
    kind: 'tls',
    summary: fixed('Vault refused the TLS handshake (client certificate missing or not accepted)'),
    hint: () => `Check ${sharedFieldName('clientCertificate')} and ${sharedFieldName('clientKey')}: Vault must trust the CA that issued the client certificate.`,
    retryable: false,
    reachedServer: false,
  },
  {
    when: (f) => f.code === 'EPROTO' || f.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(f.text),
    kind: 'tls',
    summary: fixed('The TLS handshake failed: the server does not seem to speak TLS'),
    hint: fixed('If Vault listens without TLS, use http:// in the address; otherwise check the port.'),
    retryable: false,
    reachedServer: false,
  },
  {
    when: (f) => f.code.startsWith('ERR_TLS') || f.code.startsWith('ERR_SSL') || /ssl|tls/i.test(f.code),
    kind: 'tls',
    summary: (f) => `The TLS connection to Vault failed (${f.code})`,
    hint: () => `Check ${sharedFieldName('caCertificate')}, ${sharedFieldName('clientCertificate')} and ${sharedFieldName('clientKey')}.`,
    retryable: false,
    reachedServer: false,
  },
  {
    when: codeIn('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'),
    kind: 'connection',
    summary: fixed('The connection to Vault was closed before Vault answered'),
    hint: fixed('Vault or a proxy in front of it dropped the connection; retry later. If the address is https, check that the server speaks TLS on that port.'),
    retryable: true,
    reachedServer: true,
  },
  {
    when: codeIn('UND_ERR_DESTROYED'),
    kind: 'connection',
    summary: fixed('The Vault client was closed while the request was running'),
    hint: fixed('Retry the step.'),
    retryable: false,
    reachedServer: true,
  },
];

const UNKNOWN: Row = {
  when: () => true,
  kind: 'connection',
  summary: (f) => `The request to Vault failed (${f.code || 'unknown error'})`,
  hint: fixed('Check the address and the network.'),
  retryable: false,
  reachedServer: true,
};

export interface TransportLimits {
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

/** Maps an undici/Node failure (or an answer past its bounds) to a `VaultError` and says whether it may be retried. */
export function classifyTransportError(e: unknown, ctx: RequestContext, limits: TransportLimits): { error: VaultError; failure: AttemptFailure } {
  const facts: Facts = {
    code: errorCode(e),
    text: errorText(e),
    host: hostOf(ctx.address),
    timeoutSeconds: Math.round(limits.requestTimeoutMs / 1000),
    maxMegabytes: Math.round(limits.maxResponseBytes / (1024 * 1024)),
  };
  const row = ROWS.find((r) => r.when(facts)) ?? UNKNOWN;
  return {
    error: new VaultError({ ...ctx, kind: row.kind, summary: row.summary(facts), hint: row.hint(facts) }),
    failure: { type: 'transport', retryable: row.retryable, reachedServer: row.reachedServer },
  };
}

function errorCode(e: unknown): string {
  if (e instanceof AnswerBoundsError) return e.bound === 'time' ? ANSWER_TOO_SLOW : ANSWER_TOO_LARGE;
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

function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return address;
  }
}

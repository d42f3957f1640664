/**
 * The connection's sockets: a keep-alive undici `Pool` for its own origin and, only once a
 * redirect leads elsewhere, an `Agent` for the other nodes. TLS is always explicit.
 */
import { Agent, Pool, type Dispatcher } from 'undici';
import { type AddressCheck, guardedConnector } from '../address-guard';
import type { VaultConnectionConfig } from '../types';

const CLOSE_GRACE_MS = 1_000;

export interface Dispatchers {
  /** The dispatcher for requests to `origin`. */
  for(origin: string): Dispatcher;
  /** Lets running requests finish for a moment, then cuts what still hangs. */
  close(): Promise<void>;
}

/** `checkAddress`: applied to every address connected to, before any byte is sent (an embedder's SSRF rule). */
export function createDispatchers(config: VaultConnectionConfig, origin: string, checkAddress?: AddressCheck): Dispatchers {
  const tls = {
    // Always explicit: never inherit NODE_TLS_REJECT_UNAUTHORIZED from the process.
    rejectUnauthorized: !config.tlsSkipVerify,
    ...(config.caCertificate ? { ca: config.caCertificate } : {}),
    ...(config.clientCertificate ? { cert: config.clientCertificate } : {}),
    ...(config.clientKey ? { key: config.clientKey } : {}),
    timeout: config.connectTimeoutMs,
  };
  const options: Agent.Options = {
    connect: checkAddress ? guardedConnector(tls, checkAddress) : tls,
    connectTimeout: config.connectTimeoutMs,
    // Each exchange has its own deadline (bounded-exchange.ts); these only keep undici's 300 s defaults from cutting in first.
    headersTimeout: config.requestTimeoutMs,
    bodyTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
  };
  const pool = new Pool(origin, options);
  let agent: Agent | undefined;

  return {
    for: (target) => (target === origin ? pool : (agent ??= new Agent(options))),
    async close() {
      const all: Dispatcher[] = agent ? [pool, agent] : [pool];
      let grace: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        grace = setTimeout(() => resolve(false), CLOSE_GRACE_MS);
        grace.unref();
      });
      const closed = await Promise.race([Promise.all(all.map((d) => d.close())).then(() => true), timedOut]);
      clearTimeout(grace);
      if (!closed) await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
    },
  };
}

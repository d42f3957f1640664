/**
 * A Vault-compatible dev server for tests, `npm start` and benchmarks (see docs/dev-server.md).
 * Behaves like `vault server -dev` (KV v2 at secret/, root token, unsealed), with a request log,
 * fault injection, a movable clock and optional TLS with generated certificates.
 */
import type { AddressInfo } from 'node:net';
import { ServerCore } from './core';
import { createHttpLayer } from './http/server';
import type { FaultSpec } from './http/faults';
import { matchesFilter, type RequestFilter, type RequestLogEntry } from './http/request-log';
import { getTlsMaterial, type IssuedCert } from './tls/material';

export type { FaultSpec, RequestFilter, RequestLogEntry, IssuedCert };

export interface VaultDevServerOptions {
  /** 0 (default) = any free port; always binds 127.0.0.1. */
  port?: number;
  /** Default: a random `s.`-style token. */
  rootToken?: string;
  tls?: boolean;
  /** With tls: request (not require) client certificates, for cert auth. */
  requireClientCert?: boolean;
  /** false: KV v2 PATCH answers 405 like Vault < 1.9. */
  patchSupported?: boolean;
  /**
   * Start like `vault server -config` with in-memory storage instead of `-dev`: not initialised
   * (sys/health 501), then sealed after `sys/init`; the root token comes from `sys/init` and
   * nothing is mounted but sys/, cubbyhole/, identity/ and token auth.
   */
  uninitialized?: boolean;
}

export interface VaultDevServerTls {
  caPem: string;
  serverCertPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  issueClientCert(cn: string, opts?: { signedByOtherCa?: boolean; validDays?: number }): IssuedCert;
  /** A CA that did not sign the server certificate. */
  otherCaPem: string;
}

export interface HealthState {
  initialized?: boolean;
  standby?: boolean;
  performanceStandby?: boolean;
  drSecondary?: boolean;
}

export interface VaultDevServer {
  /** `http://127.0.0.1:PORT` or `https://...` (no /v1). */
  readonly url: string;
  readonly port: number;
  /** '' until `sys/init` when started uninitialised. */
  readonly rootToken: string;
  /** The dev unseal key (base64); '' when started uninitialised. */
  readonly unsealKey: string;
  readonly tls?: VaultDevServerTls;
  /** Every request the server received (faulted ones too, with `fault` set). */
  readonly requests: RequestLogEntry[];
  clearRequests(): void;
  count(filter?: RequestFilter): number;
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  seal(): void;
  unseal(): void;
  setPatchSupported(supported: boolean): void;
  /** What sys/health reports (status 429/472/473/501 instead of 200). */
  setHealth(state: HealthState): void;
  openConnections(): number;
  /** Connections accepted since start: how many TCP (or TLS) connections clients opened. */
  connectionsAccepted(): number;
  /** Server time in ms (real time + advanceTime offset). */
  readonly now: number;
  advanceTime(seconds: number): void;
  stop(): Promise<void>;
}

export async function startVaultDevServer(opts: VaultDevServerOptions = {}): Promise<VaultDevServer> {
  const material = opts.tls ? await getTlsMaterial() : undefined;
  const core = new ServerCore({ rootToken: opts.rootToken, patchSupported: opts.patchSupported, tls: material, uninitialized: opts.uninitialized });
  const layer = createHttpLayer(
    core,
    material
      ? { key: material.serverKeyPem, cert: material.serverCertPem, ca: material.caPem, requestCert: opts.requireClientCert ?? false }
      : undefined,
  );
  await new Promise<void>((resolve, reject) => {
    layer.server.once('error', reject);
    layer.server.listen(opts.port ?? 0, '127.0.0.1', () => {
      layer.server.off('error', reject);
      resolve();
    });
  });
  const port = (layer.server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `${material ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get rootToken() {
      return core.rootToken?.id ?? '';
    },
    unsealKey: core.unsealKey,
    tls: material && {
      caPem: material.caPem,
      serverCertPem: material.serverCertPem,
      clientCertPem: material.clientCertPem,
      clientKeyPem: material.clientKeyPem,
      issueClientCert: material.issueClientCert,
      otherCaPem: material.otherCaPem,
    },
    get requests() {
      return layer.log;
    },
    clearRequests: () => {
      layer.log.length = 0;
    },
    count: (filter = {}) => layer.log.reduce((n, e) => (matchesFilter(e, filter) ? n + 1 : n), 0),
    inject: (fault) => layer.faults.add(fault),
    clearFaults: () => layer.faults.clear(),
    seal: () => {
      core.sealed = true;
    },
    unseal: () => {
      core.sealed = false;
    },
    setPatchSupported: (supported) => {
      core.patchSupported = supported;
    },
    setHealth: (state) => {
      core.health = { ...core.health, ...state };
    },
    openConnections: () => layer.sockets.size,
    connectionsAccepted: () => layer.accepted.count,
    get now() {
      return core.clock.nowMs();
    },
    advanceTime: (seconds) => core.clock.advance(seconds),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        layer.server.close(() => resolve());
        for (const s of layer.sockets) s.destroy();
      });
      return stopped;
    },
  };
}

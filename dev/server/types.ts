import type { IncomingHttpHeaders } from 'node:http';
import type { X509Certificate } from 'node:crypto';
import type { Result } from './util/respond';
import type { Namespace } from './state/namespace';
import type { TokenEntry } from './state/token-store';
import type { ServerCore } from './core';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'LIST' | 'PATCH' | 'HEAD';
export type Operation = 'read' | 'create' | 'update' | 'delete' | 'list' | 'patch';

/** One request as every handler sees it. */
export interface Ctx {
  core: ServerCore;
  ns: Namespace;
  /** LIST for the LIST verb and for GET ?list=true. */
  method: Method;
  op: Operation;
  /** Namespace-relative path without /v1 and query; list requests keep what the client sent. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  token?: TokenEntry;
  /** The TLS client certificate of the connection, when one was presented. */
  peerCert?: X509Certificate;
  /** Whether the request came over TLS (false: plain HTTP; undefined: not said, e.g. internal calls). */
  tls?: boolean;
  /** The mount serving the request, when one does. */
  mount?: MountEntry;
  /** X-Vault-Wrap-TTL in seconds (0: the answer is not wrapped). */
  wrapTtl?: number;
}

/** A secrets engine or auth method instance living at one mount. */
export interface Backend {
  /** `sub` is the path below the mount, no leading slash. */
  handle(ctx: Ctx, sub: string): Result | Promise<Result>;
  /** Paths served without a token (logins). */
  unauthenticated?(sub: string): boolean;
  /** Decides create vs update for POST/PUT (Vault's existence check); absent = update. */
  exists?(ctx: Ctx, sub: string): boolean;
}

export interface MountEntry {
  /** With trailing slash, e.g. `secret/` or `team/app/kv/`. */
  path: string;
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  options: Record<string, string> | null;
  config: Record<string, unknown>;
  local: boolean;
  backend: Backend;
}

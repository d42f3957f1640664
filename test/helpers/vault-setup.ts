/**
 * Everything a test needs to set up the dev server and to connect to it: start it, change it with
 * the root token (plain HTTP, independent of the client under test; trusting its CA when it runs
 * TLS), and describe a connection to it (the piece's auth props or a parsed client config).
 *
 * Setup calls throw on any unexpected status (so a broken setup fails loudly), except
 * `vaultRequest` and `rootRequest`, which return whatever Vault answered.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { Agent, request } from 'undici';
import { startVaultDevServer, type VaultDevServer, type VaultDevServerOptions } from '../../dev/server';
import { parseConnection } from '../../src/lib/vault/connection/parse';
import type { VaultConnectionConfig } from '../../src/lib/vault/types';
import type { AuthProps } from './engine';

export type { VaultDevServer };

// ---------------------------------------------------------------------------------------------
// Starting the dev server

/** A dev server on a free loopback port. */
export async function startVault(opts: VaultDevServerOptions = {}): Promise<VaultDevServer> {
  return startVaultDevServer({ port: 0, rootToken: 'root-token-for-tests', ...opts });
}

/** A dev server with the KV layout the KV suites share: kv1/ (v1), kv2/ and team/app/kv/ (v2), nskv/ (v2) in namespace ns1. */
export async function startKvVault(): Promise<VaultDevServer> {
  const vault = await startVault();
  await enableKv(vault, 'kv1', 1);
  await enableKv(vault, 'kv2', 2);
  await enableKv(vault, 'team/app/kv', 2);
  await createNamespace(vault, 'ns1');
  await enableKv(vault, 'nskv', 2, 'ns1');
  return vault;
}

// ---------------------------------------------------------------------------------------------
// Raw requests

export interface VaultResponse<T = any> {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

const agents = new WeakMap<VaultDevServer, Agent>();

/** undici's global dispatcher for plain HTTP; for a TLS dev server an Agent that trusts its CA. */
function dispatcherFor(vault: VaultDevServer): Agent | undefined {
  if (!vault.tls) return undefined;
  let agent = agents.get(vault);
  if (!agent) {
    agent = new Agent({ connect: { ca: vault.tls.caPem, rejectUnauthorized: true } });
    agents.set(vault, agent);
  }
  return agent;
}

/** Closes the connections setup calls keep open to a TLS dev server (before stopping it). */
export async function closeSetup(vault: VaultDevServer): Promise<void> {
  await agents.get(vault)?.close();
  agents.delete(vault);
}

/** Any request, with any token or none (the way another program would use a token); never throws on an HTTP error status. */
export async function vaultRequest<T = any>(
  vault: VaultDevServer,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; namespace?: string } = {},
): Promise<VaultResponse<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers['X-Vault-Token'] = opts.token;
  if (opts.namespace) headers['X-Vault-Namespace'] = opts.namespace;
  if (opts.body !== undefined) headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const res = await request(`${vault.url}/v1/${path.replace(/^\/+/, '')}`, {
    method: method as 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    dispatcher: dispatcherFor(vault),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers as VaultResponse['headers'] };
}

/** Any request with the root token; never throws on an HTTP error status. */
export async function rootRequest<T = any>(vault: VaultDevServer, method: string, path: string, body?: unknown, namespace?: string): Promise<VaultResponse<T>> {
  return vaultRequest<T>(vault, method, path, { token: vault.rootToken, body, namespace });
}

/** A setup request with the root token: its parsed body (undefined when empty); throws on an error status. */
export async function root<T = any>(vault: VaultDevServer, method: string, path: string, body?: unknown, namespace?: string): Promise<T> {
  const res = await rootRequest<T>(vault, method, path, body, namespace);
  if (res.status >= 400) {
    throw new Error(`dev server setup ${method} ${path}${namespace ? ` (namespace ${namespace})` : ''} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Mounts, policies, credentials

const trim = (p: string) => p.replace(/^\/+|\/+$/g, '');

/** Mounts KV v1 or v2 at `path`; a mount already there with the same version is kept as is. */
export async function enableKv(vault: VaultDevServer, path: string, version: 1 | 2, namespace?: string): Promise<void> {
  const mounts = await root(vault, 'GET', 'sys/mounts', undefined, namespace);
  const existing = mounts.data[`${trim(path)}/`];
  if (existing) {
    if (existing.type === 'kv' && existing.options?.version === String(version)) return;
    await root(vault, 'DELETE', `sys/mounts/${trim(path)}`, undefined, namespace);
  }
  await root(vault, 'POST', `sys/mounts/${trim(path)}`, { type: 'kv', options: { version: String(version) } }, namespace);
}

/** Writes a secret at `mountPath` + `path`, inserting `data/` on KV v2 mounts; returns Vault's `data`. */
export async function kvPut(vault: VaultDevServer, mountPath: string, path: string, data: Record<string, unknown>, namespace?: string): Promise<any> {
  const mount = trim(mountPath);
  const info = await root(vault, 'GET', `sys/internal/ui/mounts/${mount}`, undefined, namespace);
  const v2 = info.data.options?.version === '2';
  const res = v2 ? await root(vault, 'POST', `${mount}/data/${trim(path)}`, { data }, namespace) : await root(vault, 'POST', `${mount}/${trim(path)}`, data, namespace);
  return res?.data;
}

/** Creates a namespace (and its parents for `a/b`). */
export async function createNamespace(vault: VaultDevServer, name: string): Promise<void> {
  const parts = trim(name).split('/');
  for (let i = 0; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    await root(vault, 'POST', `sys/namespaces/${parts[i]}`, {}, parent || undefined);
  }
}

export async function writePolicy(vault: VaultDevServer, name: string, hcl: string, namespace?: string): Promise<void> {
  await root(vault, 'PUT', `sys/policies/acl/${name}`, { policy: hcl }, namespace);
}

/** Read (and create, update) on every KV v2 secret of `secret/`, list on its metadata. */
export const READER_POLICY = `
path "secret/data/*" { capabilities = ["create", "read", "update"] }
path "secret/metadata/*" { capabilities = ["read", "list"] }
`;

/** Enables the auth method `type` at `mount` unless something is mounted there already. */
export async function enableAuth(vault: VaultDevServer, mount: string, type: string, namespace?: string): Promise<void> {
  const list = await root(vault, 'GET', 'sys/auth', undefined, namespace);
  if (!list.data[`${trim(mount)}/`]) await root(vault, 'POST', `sys/auth/${trim(mount)}`, { type }, namespace);
}

export interface AppRoleSpec {
  mount?: string;
  role: string;
  policies: string[];
  tokenTtl?: string | number;
  tokenMaxTtl?: string | number;
  tokenType?: 'service' | 'batch' | 'default';
  bindSecretId?: boolean;
  secretIdNumUses?: number;
  secretIdTtl?: string | number;
  namespace?: string;
}

/** Enables AppRole (if needed), writes the role, returns its role_id and a fresh secret_id ('' when bindSecretId is false). */
export async function createAppRole(vault: VaultDevServer, spec: AppRoleSpec): Promise<{ roleId: string; secretId: string }> {
  const mount = trim(spec.mount ?? 'approle');
  const ns = spec.namespace;
  await enableAuth(vault, mount, 'approle', ns);
  const role: Record<string, unknown> = { token_policies: spec.policies };
  if (spec.tokenTtl !== undefined) role.token_ttl = spec.tokenTtl;
  if (spec.tokenMaxTtl !== undefined) role.token_max_ttl = spec.tokenMaxTtl;
  if (spec.tokenType !== undefined) role.token_type = spec.tokenType;
  if (spec.bindSecretId !== undefined) role.bind_secret_id = spec.bindSecretId;
  // Vault refuses a role with no constraint at all: without a secret_id, bind it to loopback.
  if (spec.bindSecretId === false) role.secret_id_bound_cidrs = ['127.0.0.1/32'];
  if (spec.secretIdNumUses !== undefined) role.secret_id_num_uses = spec.secretIdNumUses;
  if (spec.secretIdTtl !== undefined) role.secret_id_ttl = spec.secretIdTtl;
  await root(vault, 'POST', `auth/${mount}/role/${spec.role}`, role, ns);
  const roleId = (await root(vault, 'GET', `auth/${mount}/role/${spec.role}/role-id`, undefined, ns)).data.role_id as string;
  if (spec.bindSecretId === false) return { roleId, secretId: '' };
  const secretId = (await root(vault, 'POST', `auth/${mount}/role/${spec.role}/secret-id`, {}, ns)).data.secret_id as string;
  return { roleId, secretId };
}

export interface TokenSpec {
  policies: string[];
  ttl?: string | number;
  renewable?: boolean;
  type?: 'service' | 'batch';
  explicitMaxTtl?: string | number;
  numUses?: number;
  namespace?: string;
}

/** A token from auth/token/create; returns the token string. */
export async function createToken(vault: VaultDevServer, spec: TokenSpec): Promise<string> {
  const body: Record<string, unknown> = { policies: spec.policies };
  if (spec.ttl !== undefined) body.ttl = spec.ttl;
  if (spec.renewable !== undefined) body.renewable = spec.renewable;
  if (spec.type !== undefined) body.type = spec.type;
  if (spec.explicitMaxTtl !== undefined) body.explicit_max_ttl = spec.explicitMaxTtl;
  if (spec.numUses !== undefined) body.num_uses = spec.numUses;
  const res = await root(vault, 'POST', 'auth/token/create', body, spec.namespace);
  return res.auth.client_token as string;
}

export interface UserpassSpec {
  mount?: string;
  username: string;
  password: string;
  policies: string[];
  tokenTtl?: string | number;
  tokenMaxTtl?: string | number;
  namespace?: string;
}

export async function createUserpass(vault: VaultDevServer, spec: UserpassSpec): Promise<void> {
  const mount = trim(spec.mount ?? 'userpass');
  await enableAuth(vault, mount, 'userpass', spec.namespace);
  const body: Record<string, unknown> = { password: spec.password, token_policies: spec.policies };
  if (spec.tokenTtl !== undefined) body.token_ttl = spec.tokenTtl;
  if (spec.tokenMaxTtl !== undefined) body.token_max_ttl = spec.tokenMaxTtl;
  await root(vault, 'POST', `auth/${mount}/users/${spec.username}`, body, spec.namespace);
}

/** An RS256 key for JWT and Kubernetes logins: `publicKeyPem` goes in auth/<mount>/config, `sign` makes the JWTs it accepts. */
export function jwtKey(): { publicKeyPem: string; sign(claims: Record<string, unknown>): string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign(claims) {
      const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Connections to the dev server

/** A token connection's props; cache off unless asked, so reads see writes made behind the piece's back. */
export function tokenAuth(vault: VaultDevServer, token: string, extra: AuthProps = {}): AuthProps {
  return { url: vault.url, authMethod: 'token', token, cacheTtlSeconds: 0, ...extra };
}

export function rootAuth(vault: VaultDevServer, extra: AuthProps = {}): AuthProps {
  return tokenAuth(vault, vault.rootToken, extra);
}

/**
 * A parsed connection config for the dev server (its CA trusted when it runs TLS, 4 retries);
 * `props` are connection props, `tweak` sets parsed values no form could (a fractional cache TTL).
 */
export function configFor(vault: VaultDevServer, props: AuthProps = {}, tweak: Partial<VaultConnectionConfig> = {}): VaultConnectionConfig {
  const config = parseConnection({ url: vault.url, ...(vault.tls ? { caCertificate: vault.tls.caPem } : {}), maxRetries: 4, ...props });
  return { ...config, ...tweak };
}

/** `configFor` a token connection that fails fast: short timeouts, 2 retries within 2 seconds. */
export function testConfig(vault: VaultDevServer, props: AuthProps = {}, tweak: Partial<VaultConnectionConfig> = {}): VaultConnectionConfig {
  return configFor(vault, { authMethod: 'token', requestTimeoutSeconds: 5, connectTimeoutSeconds: 2, maxRetries: 2, retryBudgetSeconds: 2, ...props }, tweak);
}

/**
 * Setup helpers for tests: plain HTTP calls to the dev server with its root token. They throw on
 * any unexpected status (so a broken setup fails loudly), except `rootRequest`, which returns
 * whatever Vault answered.
 */
import { Agent, request } from 'undici';
import type { VaultDevServer } from '../../dev/server';

export interface RootResponse<T = any> {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

const agents = new WeakMap<VaultDevServer, Agent>();

function dispatcherFor(vault: VaultDevServer): Agent | undefined {
  if (!vault.tls) return undefined;
  let agent = agents.get(vault);
  if (!agent) {
    agent = new Agent({ connect: { ca: vault.tls.caPem } });
    agents.set(vault, agent);
  }
  return agent;
}

/** Any request with the root token; never throws on an HTTP error status. */
export async function rootRequest<T = any>(
  vault: VaultDevServer,
  method: string,
  path: string,
  body?: unknown,
  namespace?: string,
): Promise<RootResponse<T>> {
  const headers: Record<string, string> = { 'X-Vault-Token': vault.rootToken };
  if (namespace) headers['X-Vault-Namespace'] = namespace;
  if (body !== undefined) headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const res = await request(`${vault.url}/v1/${path.replace(/^\/+/, '')}`, {
    method: method as 'GET',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: dispatcherFor(vault),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers as RootResponse['headers'] };
}

async function must<T = any>(vault: VaultDevServer, method: string, path: string, body?: unknown, namespace?: string): Promise<RootResponse<T>> {
  const res = await rootRequest<T>(vault, method, path, body, namespace);
  if (res.status >= 400) {
    throw new Error(`dev server setup ${method} ${path}${namespace ? ` (namespace ${namespace})` : ''} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res;
}

const trim = (p: string) => p.replace(/^\/+|\/+$/g, '');

/** Mounts KV v1 or v2 at `path`; a mount already there with the same version is kept as is. */
export async function enableKv(vault: VaultDevServer, path: string, version: 1 | 2, namespace?: string): Promise<void> {
  const mounts = await must(vault, 'GET', 'sys/mounts', undefined, namespace);
  const existing = mounts.body.data[`${trim(path)}/`];
  if (existing) {
    if (existing.type === 'kv' && existing.options?.version === String(version)) return;
    await must(vault, 'DELETE', `sys/mounts/${trim(path)}`, undefined, namespace);
  }
  await must(vault, 'POST', `sys/mounts/${trim(path)}`, { type: 'kv', options: { version: String(version) } }, namespace);
}

export async function writePolicy(vault: VaultDevServer, name: string, hcl: string, namespace?: string): Promise<void> {
  await must(vault, 'PUT', `sys/policies/acl/${name}`, { policy: hcl }, namespace);
}

async function ensureAuth(vault: VaultDevServer, mount: string, type: string, namespace?: string): Promise<void> {
  const list = await must(vault, 'GET', 'sys/auth', undefined, namespace);
  if (!list.body.data[`${trim(mount)}/`]) await must(vault, 'POST', `sys/auth/${trim(mount)}`, { type }, namespace);
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
  await ensureAuth(vault, mount, 'approle', ns);
  const role: Record<string, unknown> = { token_policies: spec.policies };
  if (spec.tokenTtl !== undefined) role.token_ttl = spec.tokenTtl;
  if (spec.tokenMaxTtl !== undefined) role.token_max_ttl = spec.tokenMaxTtl;
  if (spec.tokenType !== undefined) role.token_type = spec.tokenType;
  if (spec.bindSecretId !== undefined) role.bind_secret_id = spec.bindSecretId;
  // Vault refuses a role with no constraint at all: without a secret_id, bind it to loopback.
  if (spec.bindSecretId === false) role.secret_id_bound_cidrs = ['127.0.0.1/32'];
  if (spec.secretIdNumUses !== undefined) role.secret_id_num_uses = spec.secretIdNumUses;
  if (spec.secretIdTtl !== undefined) role.secret_id_ttl = spec.secretIdTtl;
  await must(vault, 'POST', `auth/${mount}/role/${spec.role}`, role, ns);
  const roleId = (await must(vault, 'GET', `auth/${mount}/role/${spec.role}/role-id`, undefined, ns)).body.data.role_id as string;
  if (spec.bindSecretId === false) return { roleId, secretId: '' };
  const secretId = (await must(vault, 'POST', `auth/${mount}/role/${spec.role}/secret-id`, {}, ns)).body.data.secret_id as string;
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
  const res = await must(vault, 'POST', 'auth/token/create', body, spec.namespace);
  return res.body.auth.client_token as string;
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
  await ensureAuth(vault, mount, 'userpass', spec.namespace);
  const body: Record<string, unknown> = { password: spec.password, token_policies: spec.policies };
  if (spec.tokenTtl !== undefined) body.token_ttl = spec.tokenTtl;
  if (spec.tokenMaxTtl !== undefined) body.token_max_ttl = spec.tokenMaxTtl;
  await must(vault, 'POST', `auth/${mount}/users/${spec.username}`, body, spec.namespace);
}

/** Creates a namespace (and its parents for `a/b`). */
export async function createNamespace(vault: VaultDevServer, name: string): Promise<void> {
  const parts = trim(name).split('/');
  for (let i = 0; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    await must(vault, 'POST', `sys/namespaces/${parts[i]}`, {}, parent || undefined);
  }
}

/** Writes a secret at `mountPath` + `path`, inserting `data/` on KV v2 mounts; returns Vault's `data`. */
export async function kvPut(
  vault: VaultDevServer,
  mountPath: string,
  path: string,
  data: Record<string, unknown>,
  namespace?: string,
): Promise<any> {
  const mount = trim(mountPath);
  const info = await must(vault, 'GET', `sys/internal/ui/mounts/${mount}`, undefined, namespace);
  const v2 = info.body.data.options?.version === '2';
  const res = v2
    ? await must(vault, 'POST', `${mount}/data/${trim(path)}`, { data }, namespace)
    : await must(vault, 'POST', `${mount}/${trim(path)}`, data, namespace);
  return res.body?.data;
}

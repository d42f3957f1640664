/**
 * Setup for the transport tests: root-token requests straight to the dev server (undici, trusting
 * its CA when it runs TLS), independent of the client under test.
 */
import { Agent, request } from 'undici';
import { parseConnection } from '../../../src/lib/vault/connection/parse';
import { VaultError } from '../../../src/lib/vault/errors';
import type { VaultConnectionConfig } from '../../../src/lib/vault/types';
import type { VaultDevServer } from '../../../dev/server';

const agents = new WeakMap<VaultDevServer, Agent>();

function agentFor(vault: VaultDevServer): Agent {
  let a = agents.get(vault);
  if (!a) {
    a = new Agent({ connect: vault.tls ? { ca: vault.tls.caPem, rejectUnauthorized: true } : {} });
    agents.set(vault, a);
  }
  return a;
}

export async function root<T = any>(vault: VaultDevServer, method: string, path: string, body?: unknown, namespace?: string): Promise<T> {
  const headers: Record<string, string> = { 'x-vault-token': vault.rootToken };
  if (namespace) headers['x-vault-namespace'] = namespace;
  const res = await request(`${vault.url}/v1/${path}`, {
    method: method as any,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agentFor(vault),
  });
  const text = await res.body.text();
  if (res.statusCode >= 400) throw new Error(`setup ${method} ${path} -> ${res.statusCode} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function closeSetup(vault: VaultDevServer): Promise<void> {
  await agents.get(vault)?.close();
  agents.delete(vault);
}

export async function writePolicy(vault: VaultDevServer, name: string, hcl: string, namespace?: string) {
  await root(vault, 'PUT', `sys/policies/acl/${name}`, { policy: hcl }, namespace);
}

export async function createAppRole(
  vault: VaultDevServer,
  o: {
    role: string;
    policies: string[];
    mount?: string;
    tokenTtl?: string;
    tokenMaxTtl?: string;
    tokenType?: 'service' | 'batch';
    bindSecretId?: boolean;
    secretIdNumUses?: number;
    namespace?: string;
  },
): Promise<{ roleId: string; secretId: string }> {
  const mount = o.mount ?? 'approle';
  const auths = await root(vault, 'GET', 'sys/auth', undefined, o.namespace);
  if (!auths[`${mount}/`] && !auths.data?.[`${mount}/`]) await root(vault, 'POST', `sys/auth/${mount}`, { type: 'approle' }, o.namespace);
  await root(
    vault,
    'POST',
    `auth/${mount}/role/${o.role}`,
    {
      token_policies: o.policies,
      ...(o.tokenTtl ? { token_ttl: o.tokenTtl } : {}),
      ...(o.tokenMaxTtl ? { token_max_ttl: o.tokenMaxTtl } : {}),
      ...(o.tokenType ? { token_type: o.tokenType } : {}),
      // Vault refuses a role with no constraint at all: without a secret_id, bind it to loopback.
      ...(o.bindSecretId === false ? { bind_secret_id: false, secret_id_bound_cidrs: ['127.0.0.1/32'] } : {}),
      ...(o.secretIdNumUses !== undefined ? { secret_id_num_uses: o.secretIdNumUses } : {}),
    },
    o.namespace,
  );
  const roleId = (await root(vault, 'GET', `auth/${mount}/role/${o.role}/role-id`, undefined, o.namespace)).data.role_id;
  const secretId = o.bindSecretId === false ? '' : (await root(vault, 'POST', `auth/${mount}/role/${o.role}/secret-id`, {}, o.namespace)).data.secret_id;
  return { roleId, secretId };
}

export async function createToken(
  vault: VaultDevServer,
  o: { policies: string[]; ttl?: string; renewable?: boolean; type?: 'service' | 'batch'; explicitMaxTtl?: string; namespace?: string },
): Promise<string> {
  const res = await root(
    vault,
    'POST',
    'auth/token/create',
    {
      policies: o.policies,
      ...(o.ttl ? { ttl: o.ttl } : {}),
      ...(o.renewable !== undefined ? { renewable: o.renewable } : {}),
      ...(o.type ? { type: o.type } : {}),
      ...(o.explicitMaxTtl ? { explicit_max_ttl: o.explicitMaxTtl } : {}),
    },
    o.namespace,
  );
  return res.auth.client_token;
}

export async function createUserpass(vault: VaultDevServer, o: { username: string; password: string; policies: string[]; namespace?: string }) {
  const auths = await root(vault, 'GET', 'sys/auth', undefined, o.namespace);
  if (!auths['userpass/'] && !auths.data?.['userpass/']) await root(vault, 'POST', 'sys/auth/userpass', { type: 'userpass' }, o.namespace);
  await root(vault, 'POST', `auth/userpass/users/${o.username}`, { password: o.password, token_policies: o.policies }, o.namespace);
}

export async function createNamespace(vault: VaultDevServer, name: string) {
  await root(vault, 'POST', `sys/namespaces/${name}`, {});
}

/** A connection config for the dev server: fast failures unless overridden. */
export function configFor(vault: VaultDevServer, props: Record<string, unknown>): VaultConnectionConfig {
  return parseConnection({
    url: vault.url,
    ...(vault.tls ? { caCertificate: vault.tls.caPem } : {}),
    maxRetries: 4,
    ...props,
  });
}

export async function failure(p: Promise<unknown>): Promise<VaultError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof VaultError)) throw e;
    return e;
  }
  throw new Error('expected a VaultError, but it succeeded');
}

export const READER_POLICY = `
path "secret/data/*" { capabilities = ["create", "read", "update"] }
path "secret/metadata/*" { capabilities = ["read", "list"] }
`;

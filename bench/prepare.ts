/** Setting up a dev server for the benchmarks: AppRole login, a policy and 100 KV v2 secrets. */
import { Pool } from 'undici';

/** Root-token call to the dev server for setup. */
export async function root(rootToken: string, pool: Pool, method: string, path: string, body?: unknown): Promise<any> {
  const res = await pool.request({
    path: `/v1/${path}`,
    method: method as any,
    headers: { 'x-vault-token': rootToken, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 400) throw new Error(`setup ${method} ${path}: ${res.statusCode} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A dev server (in this process or its own) set up for the bench: AppRole, a policy, 100 secrets. */
export interface Prepared {
  url: string;
  roleId: string;
  secretId: string;
  /** A token from an AppRole login, for the contenders that are handed one. */
  token: string;
  tlsOpts: { ca?: string };
  setupPool: Pool;
  /** Empties the server's request log (which would otherwise grow and slow later rounds), when it can. */
  clearLog(): void;
}

export async function prepare(url: string, rootToken: string, ca: string | undefined, clearLog: () => void): Promise<Prepared> {
  const tlsOpts = ca ? { ca } : {};
  const setupPool = new Pool(url, { connect: tlsOpts });
  const call = (method: string, path: string, body?: unknown) => root(rootToken, setupPool, method, path, body);
  await call('POST', 'sys/auth/approle', { type: 'approle' });
  await call('PUT', 'sys/policies/acl/bench', {
    policy: 'path "secret/data/*" { capabilities = ["create", "read", "update"] }\npath "secret/metadata/*" { capabilities = ["read", "list"] }',
  });
  await call('POST', 'auth/approle/role/bench', { token_policies: ['bench'], token_ttl: '1h', token_max_ttl: '4h' });
  const roleId = (await call('GET', 'auth/approle/role/bench/role-id')).data.role_id;
  const secretId = (await call('POST', 'auth/approle/role/bench/secret-id', {})).data.secret_id;
  for (let i = 0; i < 100; i++) {
    await call('POST', `secret/data/bench/s${i}`, { data: { password: `value-${i}`, user: `u${i}` } });
  }
  const login = await call('POST', 'auth/approle/login', { role_id: roleId, secret_id: secretId });
  return { url, roleId, secretId, token: login.auth.client_token, tlsOpts, setupPool, clearLog };
}

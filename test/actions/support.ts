/** Shared setup for the action suites: one dev server per file, connections as flat auth props. */
import { startVaultDevServer } from '../../dev/server';
import { runAction, MemoryStore, type AuthProps } from '../helpers/engine';
import { createNamespace, enableKv } from '../helpers/vault-setup';

export type DevVault = Awaited<ReturnType<typeof startVaultDevServer>>;

export async function startVault(opts: Parameters<typeof startVaultDevServer>[0] = {}): Promise<DevVault> {
  return startVaultDevServer({ port: 0, rootToken: 'root-token-for-tests', ...opts });
}

/** A dev server with the KV layout the KV suites share: kv1/ (v1), kv2/ and team/app/kv/ (v2), nskv/ (v2) in namespace ns1. */
export async function startKvVault(): Promise<DevVault> {
  const vault = await startVault();
  await enableKv(vault, 'kv1', 1);
  await enableKv(vault, 'kv2', 2);
  await enableKv(vault, 'team/app/kv', 2);
  await createNamespace(vault, 'ns1');
  await enableKv(vault, 'nskv', 2, 'ns1');
  return vault;
}

/** A token connection; cache off unless asked, so reads see writes made behind the piece's back. */
export function tokenAuth(vault: DevVault, token: string, extra: AuthProps = {}): AuthProps {
  return { url: vault.url, authMethod: 'token', token, cacheTtlSeconds: 0, ...extra };
}

export function rootAuth(vault: DevVault, extra: AuthProps = {}): AuthProps {
  return tokenAuth(vault, vault.rootToken, extra);
}

/** Runs an action and returns its error (fails the test when it succeeds). */
export async function runFailing(
  action: Parameters<typeof runAction>[0],
  auth: AuthProps,
  props: Record<string, unknown>,
  opts: Parameters<typeof runAction>[3] = {},
): Promise<Error> {
  try {
    const out = await runAction(action, auth, props, opts);
    throw new Error(`expected the action to fail, it returned ${JSON.stringify(out)}`);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('expected the action to fail')) throw e;
    return e as Error;
  }
}

/** A plain HTTP call with any token (the way another program would use a token we created). */
export async function vaultFetch(
  vault: DevVault,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${vault.url}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'X-Vault-Token': token } : {}), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export { runAction, MemoryStore };

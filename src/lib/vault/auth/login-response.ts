/** The shape of a login answer (`auth.*`) and the mapping of a refused login to a clear error. */
import { z } from 'zod';
import { isVaultError, retell } from '../errors';
import { UNKNOWN_NAMESPACE_HINT, isUnknownNamespace, unknownNamespaceSummary } from '../http-errors';
import type { AuthMethod, VaultHttp, VaultToken } from '../types';

export const loginResponseSchema = z.object({
  auth: z.object({
    client_token: z.string().min(1),
    accessor: z.string().optional().nullable(),
    policies: z.array(z.string()).nullable().optional(),
    token_policies: z.array(z.string()).nullable().optional(),
    lease_duration: z.number().int().nonnegative(),
    renewable: z.boolean(),
    token_type: z.enum(['service', 'batch']).optional(),
  }),
});

export type LoginResponse = z.infer<typeof loginResponseSchema>;

export function tokenFromLogin(res: LoginResponse, now = Date.now()): VaultToken {
  const a = res.auth;
  return {
    clientToken: a.client_token,
    accessor: a.accessor ?? undefined,
    leaseDuration: a.lease_duration,
    renewable: a.renewable,
    tokenType: a.token_type ?? (a.client_token.startsWith('hvb.') || a.client_token.startsWith('b.') ? 'batch' : 'service'),
    policies: a.policies ?? a.token_policies ?? [],
    obtainedAt: now,
    fromLogin: true,
  };
}

/** Human name of each method, as in the connection form. */
export const METHOD_LABEL: Record<AuthMethod, string> = {
  appRole: 'AppRole',
  token: 'Token',
  userpass: 'Username & password',
  cert: 'TLS certificate',
  kubernetes: 'Kubernetes',
  jwt: 'JWT/OIDC',
};

/**
 * POSTs a login and returns the token. A 400/403/404 from Vault becomes `auth_failed` with the
 * hint `explain` gives for Vault's (redacted) messages; other failures pass through unchanged.
 */
export async function postLogin(
  http: VaultHttp,
  method: AuthMethod,
  mount: string,
  path: string,
  body: Record<string, unknown>,
  explain: (messages: string[], status: number) => { summary: string; hint: string },
): Promise<VaultToken> {
  try {
    const res = await http.request({ method: 'POST', path, body, schema: loginResponseSchema, idempotent: false });
    return tokenFromLogin(res.body);
  } catch (e) {
    if (isVaultError(e) && e.status !== undefined && [400, 401, 403, 404].includes(e.status)) {
      if (isUnknownNamespace(e.errors)) {
        throw retell(e, { kind: 'auth_failed', summary: unknownNamespaceSummary(http.namespace), hint: UNKNOWN_NAMESPACE_HINT });
      }
      const { summary, hint } = missingMount(e.errors, e.status, method, mount) ?? explain(e.errors, e.status);
      throw retell(e, { kind: 'auth_failed', summary, hint: namespaceHint(hint, http.namespace, e.status) });
    }
    throw e;
  }
}

/** A login refused inside a namespace is often a login in the wrong namespace. */
function namespaceHint(hint: string, namespace: string | undefined, status: number): string {
  if (namespace) {
    return `${hint} Also check the namespace: "${namespace}" must exist and hold this auth method and role.`;
  }
  if (status === 403 || status === 404) {
    return `${hint} If the auth method lives in a Vault Enterprise/HCP namespace, set "Namespace".`;
  }
  return hint;
}

export function messagesContain(messages: string[], needle: string): boolean {
  const n = needle.toLowerCase();
  return messages.some((m) => m.toLowerCase().includes(n));
}

/** The auth mount path without surrounding slashes (segments validated by the connection parser). */
export function mountPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

const MOUNT_FIELD: Record<AuthMethod, string> = {
  appRole: 'AppRole Mount',
  token: 'Token',
  userpass: 'Userpass Mount',
  cert: 'Cert Auth Mount',
  kubernetes: 'Kubernetes Mount',
  jwt: 'JWT Mount',
};

/** Vault answers a login to an auth path nothing is mounted at with 404 or "missing client token". */
function missingMount(messages: string[], status: number, method: AuthMethod, mount: string): { summary: string; hint: string } | undefined {
  if (status === 404 || messagesContain(messages, 'missing client token') || messagesContain(messages, 'no handler for route')) {
    const label = METHOD_LABEL[method];
    return {
      summary: `Vault has no ${label} auth method enabled at auth/${mount}`,
      hint: `Check "${MOUNT_FIELD[method]}" (the path the auth method was enabled at).`,
    };
  }
  return undefined;
}

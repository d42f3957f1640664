/** The shape of a login answer (`auth.*`) and the mapping of a refused login to a clear error. */
import { z } from 'zod';
import { type VaultError, isVaultError, retell, vaultSaid } from '../errors';
import { UNKNOWN_NAMESPACE_HINT, isRefusal, isUnknownNamespace, unknownNamespaceSummary } from '../http-errors';
import type { VaultHttp, VaultToken } from '../types';
import { fieldName } from '../connection/field';
import { sharedFieldName } from '../connection/shared-fields';
import type { LoginMethodSpec } from './method';

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

/**
 * POSTs a login and returns the token. A 400/403/404 from Vault becomes `auth_failed` with the
 * hint `explain` gives for Vault's (redacted) messages; other failures pass through unchanged.
 */
export async function postLogin(
  http: VaultHttp,
  method: LoginMethodSpec,
  path: string,
  body: Record<string, unknown>,
  explain: (messages: string[]) => { summary: string; hint: string },
): Promise<VaultToken> {
  try {
    const res = await http.request({ method: 'POST', path, body, schema: loginResponseSchema, idempotent: false });
    return tokenFromLogin(res.body);
  } catch (e) {
    if (isVaultError(e) && isRefusal(e)) {
      if (isUnknownNamespace(e.errors)) {
        throw retell(e, { kind: 'auth_failed', summary: unknownNamespaceSummary(http.namespace), hint: UNKNOWN_NAMESPACE_HINT });
      }
      const { summary, hint } = missingMount(e, method, path) ?? explain(e.errors);
      throw retell(e, { kind: 'auth_failed', summary, hint: namespaceHint(hint, http.namespace, e) });
    }
    throw e;
  }
}

/** A login refused inside a namespace is often a login in the wrong namespace. */
function namespaceHint(hint: string, namespace: string | undefined, e: VaultError): string {
  if (namespace) {
    return `${hint} Also check the namespace: "${namespace}" must exist and hold this auth method and role.`;
  }
  if (e.kind === 'permission_denied' || e.kind === 'not_found') {
    return `${hint} If the auth method lives in a Vault Enterprise/HCP namespace, set ${sharedFieldName('namespace')}.`;
  }
  return hint;
}

/** Vault answers a login to an auth path nothing is mounted at with 404 or "missing client token". */
function missingMount(e: VaultError, method: LoginMethodSpec, path: string): { summary: string; hint: string } | undefined {
  if (e.kind === 'not_found' || vaultSaid(e, 'missing client token', 'no handler for route')) {
    const mountField = method.fields.find((f) => f.kind === 'mount');
    const mount = path.replace(/^auth\//, '').replace(/\/login(\/.*)?$/, '');
    return {
      summary: `Vault has no ${method.label} auth method enabled at auth/${mount}`,
      hint: `Check ${mountField ? fieldName(mountField) : 'the mount field'} (the path the auth method was enabled at).`,
    };
  }
  return undefined;
}

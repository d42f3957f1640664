import { z } from 'zod';
import { VaultError, isVaultError, retell } from '../errors';
import type { LoginMethod, VaultConnectionConfig, VaultHttp, VaultToken } from '../types';

export const lookupSelfSchema = z.object({
  data: z.object({
    accessor: z.string().optional().nullable(),
    ttl: z.number().int().nonnegative(),
    renewable: z.boolean().optional().nullable(),
    policies: z.array(z.string()).nullable().optional(),
    type: z.string().optional().nullable(),
  }),
});

/** Looks a token up (`auth/token/lookup-self`): its ttl, renewability and policies. */
export async function lookupSelf(http: VaultHttp, token: string, now = Date.now()): Promise<Omit<VaultToken, 'fromLogin'>> {
  const res = await http.request({ method: 'GET', path: 'auth/token/lookup-self', token, schema: lookupSelfSchema });
  const d = res.body.data;
  return {
    clientToken: token,
    accessor: d.accessor ?? undefined,
    leaseDuration: d.ttl,
    renewable: d.renewable === true,
    tokenType: d.type === 'batch' ? 'batch' : 'service',
    policies: d.policies ?? [],
    obtainedAt: now,
  };
}

/** A static token: nothing to log in to, only a lookup to learn its ttl, renewability and policies. */
export function tokenLogin(config: VaultConnectionConfig): LoginMethod {
  return {
    name: 'token',
    async login(http) {
      const token = config.token;
      if (!token) {
        throw new VaultError({ kind: 'invalid_config', summary: 'The token login needs a token', hint: 'Fill in "Token".' });
      }
      try {
        return { ...(await lookupSelf(http, token)), fromLogin: false };
      } catch (e) {
        if (isVaultError(e) && (e.status === 403 || e.status === 400 || e.status === 401)) {
          throw retell(e, {
            kind: 'auth_failed',
            summary: 'Vault does not accept this token: it is wrong, expired or revoked',
            hint: http.namespace
              ? `Check "Token" and the namespace "${http.namespace}" (a token belongs to the namespace it was created in).`
              : 'Check "Token", or create a new one. A token created in a Vault Enterprise/HCP namespace also needs "Namespace".',
          });
        }
        throw e;
      }
    },
  };
}

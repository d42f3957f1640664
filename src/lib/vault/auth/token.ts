import { z } from 'zod';
import { isVaultError, retell } from '../errors';
import { isRefusal } from '../http-errors';
import type { VaultHttp, VaultToken } from '../types';
import { sharedFieldName } from '../connection/shared-fields';
import { type LoginMethodSpec, methodFieldName } from './method';

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
export const token: LoginMethodSpec = {
  name: 'token',
  label: 'Token',
  choiceLabel: 'Token',
  policyHolder: "token's policies",
  fields: [
    {
      name: 'token',
      label: 'Token',
      description: 'A Vault token. Prefer a periodic or long-TTL renewable token; root tokens are discouraged.',
      kind: 'text',
      input: 'masked',
      secret: true,
    },
  ],
  required: ['token'],
  async login(config, http) {
    try {
      return { ...(await lookupSelf(http, config.login.token)), fromLogin: false };
    } catch (e) {
      if (isVaultError(e) && isRefusal(e) && e.kind !== 'not_found') {
        throw retell(e, {
          kind: 'auth_failed',
          summary: 'Vault does not accept this token: it is wrong, expired or revoked',
          hint: http.namespace
            ? `Check ${methodFieldName(token, 'token')} and the namespace "${http.namespace}" (a token belongs to the namespace it was created in).`
            : `Check ${methodFieldName(token, 'token')}, or create a new one. A token created in a Vault Enterprise/HCP namespace also needs ${sharedFieldName('namespace')}.`,
        });
      }
      throw e;
    }
  },
};

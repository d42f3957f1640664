import type { ZodType } from 'zod';
import { isVaultError, retell } from '../errors';
import { pathUnder } from '../paths';
import type { VaultRequester } from './requester';

export interface RoleMint<T> {
  mount: string;
  /** The endpoint under the mount, before the role: `issue`, `sign`. */
  endpoint: string;
  role: string;
  /** Names, TTLs, public keys, CSRs: nothing secret, so Vault's messages about it stay whole. */
  body: Record<string, unknown>;
  schema: ZodType<T>;
  /** For a 400: the engine (`PKI`, `SSH`), what was asked ("sign this key") and what the role decides. */
  refusal: { engine: string; asked: string; roleDecides: string };
}

/**
 * `POST <mount>/<endpoint>/:role` that mints a credential (a certificate is access, like a token):
 * read-and-write connections only, never retried once sent. A 400 is the role saying no: Vault's
 * reason is kept, with what the role decides.
 */
export async function mintWithRole<T>(vault: VaultRequester, m: RoleMint<T>): Promise<T> {
  try {
    const res = await vault.request({
      method: 'POST',
      path: pathUnder(m.mount, m.endpoint, m.role),
      body: m.body,
      schema: m.schema,
      publicBody: true,
      access: 'mint',
      idempotent: false,
    });
    return res.body;
  } catch (e) {
    if (!isVaultError(e) || e.kind !== 'bad_request') throw e;
    throw retell(e, {
      kind: e.kind,
      summary: `The ${m.refusal.engine} role ${JSON.stringify(m.role)} refused to ${m.refusal.asked} (400)`,
      hint: `${m.refusal.roleDecides}: change the request or the role.`,
    });
  }
}

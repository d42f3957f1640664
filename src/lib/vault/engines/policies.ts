import { z } from 'zod';
import { isVaultError } from '../errors';
import { encodePath } from '../paths';
import type { VaultRequester } from './requester';

export interface AclPolicy {
  name: string;
  /** The HCL text. */
  policy: string;
}

const policyAnswer = z.object({ data: z.object({ name: z.string(), policy: z.string() }) });

/** ACL policies, `sys/policies/acl/<name>` (Vault >= 0.9). */
export class PolicyEngine {
  constructor(private readonly vault: VaultRequester) {}

  /** Creates or replaces; Vault checks the HCL and refuses invalid text (400). */
  async write(name: string, policy: string): Promise<void> {
    await this.vault.request({ method: 'PUT', path: policyPath(name), body: { policy }, idempotent: true, access: 'write' });
  }

  /** `null` when there is no policy of that name. */
  async read(name: string): Promise<AclPolicy | null> {
    try {
      const res = await this.vault.request({ method: 'GET', path: policyPath(name), schema: policyAnswer, idempotent: true, access: 'read' });
      return { name: res.body.data.name, policy: res.body.data.policy };
    } catch (e) {
      if (isVaultError(e) && e.kind === 'not_found') return null;
      throw e;
    }
  }

  /** Deleting a policy that does not exist succeeds. */
  async delete(name: string): Promise<void> {
    await this.vault.request({ method: 'DELETE', path: policyPath(name), idempotent: true, access: 'write' });
  }
}

function policyPath(name: string): string {
  return encodePath(['sys', 'policies', 'acl', name]);
}

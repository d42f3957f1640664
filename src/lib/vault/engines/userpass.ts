import { pathUnder } from '../paths';
import type { VaultRequester } from './requester';

export interface UserpassUserInput {
  /** Sent to Vault only. */
  password: string;
  tokenPolicies: string[];
  /** `1h`, `30m`, `3600`; omitted: Vault's default. */
  tokenTtl?: string;
  tokenMaxTtl?: string;
}

/** The userpass auth method mounted at `auth/<mount>` (e.g. `userpass`, `team/people`). */
export class UserpassEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'userpass',
  ) {}

  /** Creates the user, or updates every field given. */
  async writeUser(username: string, input: UserpassUserInput): Promise<void> {
    await this.vault.request({
      method: 'POST',
      path: this.userPath(username),
      body: {
        password: input.password,
        token_policies: input.tokenPolicies,
        token_ttl: input.tokenTtl,
        token_max_ttl: input.tokenMaxTtl,
      },
      idempotent: true,
      // The flow holds the password: a login with the user's policies.
      access: 'mint',
    });
  }

  /** The user can no longer log in; tokens it already has live on until their TTL. */
  async deleteUser(username: string): Promise<void> {
    await this.vault.request({ method: 'DELETE', path: this.userPath(username), idempotent: true, access: 'write' });
  }

  private userPath(username: string): string {
    return pathUnder(`auth/${this.mount}`, 'users', username);
  }
}

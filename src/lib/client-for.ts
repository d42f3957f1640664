import { parseConnection } from './vault/connection/parse';
import { getVaultClient } from './vault/registry';
import type { VaultClient } from './vault/types';

/** The shared client for an action's, trigger's or dropdown's `auth` (wrapped or flat props). */
export function clientFor(auth: unknown): VaultClient {
  return getVaultClient(parseConnection(auth));
}

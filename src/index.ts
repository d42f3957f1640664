/**
 * The HashiCorp Vault piece, and the library API other pieces (or the server's secret managers)
 * can use to resolve Vault references with the same cached client.
 */
import { createPiece } from '@activepieces/pieces-framework';
import { PieceCategory } from '@activepieces/shared';
import { vaultActions } from './lib/actions';
import { vaultAuth } from './lib/auth';
import { resolveReferencesAction } from './lib/references';
import { vaultTriggers } from './lib/triggers';

export const hashicorpVault = createPiece({
  displayName: 'HashiCorp Vault',
  description:
    'Read, write and manage secrets in HashiCorp Vault (KV v1/v2, tokens, policies, Transit) and resolve Vault references, with one cached, self-renewing login per connection.',
  logoUrl: 'https://cdn.activepieces.com/pieces/hashicorp-vault.png',
  authors: ['activepieces-community'],
  auth: vaultAuth,
  categories: [PieceCategory.DEVELOPER_TOOLS],
  // Framework 0.32.0 raises anything lower to this (the floor for its context version V2).
  minimumSupportedRelease: '0.82.0',
  actions: [...vaultActions, resolveReferencesAction],
  triggers: vaultTriggers,
});

export { vaultAuth };
export * from './lib/references';
export { clientFor } from './lib/client-for';
export { parseConnection } from './lib/connection';
export { checkConnection, checkConnectionProps } from './lib/vault/check-connection';
export type { CheckResult } from './lib/vault/check-connection';
export { getVaultClient, closeAllVaultClients } from './lib/vault/registry';
export { VaultError, isVaultError } from './lib/vault/errors';
export type * from './lib/vault/types';

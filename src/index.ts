/**
 * The HashiCorp Vault piece, and the library API other pieces (or the server's secret managers)
 * can use to resolve Vault references with the same cached client.
 */
import { createPiece } from '@activepieces/pieces-framework';
import { PieceCategory } from '@activepieces/shared';
import { vaultActions } from './lib/actions';
import { vaultAuth } from './lib/auth';
import { LOGO_DATA_URL } from './lib/logo';
import { resolveReferencesAction } from './lib/references';
import { vaultTriggers } from './lib/triggers';

export const hashicorpVault = createPiece({
  // The product also ships the community piece "HashiCorp Vault": this name tells them apart in the picker.
  displayName: 'HashiCorp Vault: KV, PKI & Transit',
  description:
    'Secrets (KV v1/v2), certificates (PKI), leased credentials, Transit, tokens and policies, with AppRole, token, Kubernetes, JWT, userpass or certificate login, one cached self-renewing login per connection, and Vault references for other pieces.',
  logoUrl: LOGO_DATA_URL,
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
export { clientFor } from './lib/common/client';
export { parseConnection } from './lib/vault/connection/parse';
export { checkConnection, checkConnectionProps } from './lib/vault/check-connection';
export type { CheckResult } from './lib/vault/check-connection';
export { getVaultClient, closeAllVaultClients, createVaultClientRegistry } from './lib/vault/registry';
export type { VaultClientRegistry, VaultClientRegistryOptions } from './lib/vault/registry';
export type { AddressCheck } from './lib/vault/address-guard';
export { referenceProblem, splitReference } from './lib/vault/kv/reference';
export { VaultError, isVaultError } from './lib/vault/errors';
export type * from './lib/vault/types';

/**
 * One call for embedders: resolve every reference in a value (e.g. another piece's
 * `AppConnectionValue`) with a Vault client, or with one client per secret-manager connection id.
 */
import type { VaultClient } from '../vault/types';
import { resolveObject, ResolveOptions, SkippedResolution } from './resolve';
import { ConnectionsById, createVaultResolver } from './vault-resolver';

export interface VaultResolveOptions extends ResolveOptions {
  client?: VaultClient;
  connectionsById?: ConnectionsById;
}

export function resolveWithVault<T>(value: T, opts: VaultResolveOptions & { onError?: 'fail' }): Promise<T>;
export function resolveWithVault<T>(value: T, opts: VaultResolveOptions & { onError: 'skip' }): Promise<SkippedResolution<T>>;
export function resolveWithVault<T>(value: T, opts: VaultResolveOptions): Promise<T | SkippedResolution<T>> {
  const { client, connectionsById, ...resolveOpts } = opts;
  return resolveObject(value, createVaultResolver({ client, connectionsById }), resolveOpts);
}

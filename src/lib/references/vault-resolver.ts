/**
 * A `SecretResolver` backed by the shared cached `VaultClient`: one login, the connection's value
 * cache, access mode and path prefix. Within one resolver, each secret is read once however many
 * of its keys are referenced (the client's cache and single flight cover the rest).
 *
 * Which client resolves `{{<id>|ap_sep_v1|...}}`? Inside a flow the `<id>` names a platform
 * secret-manager connection this piece cannot load, so every form is resolved with the step's own
 * connection. Embedders that can map ids to connections pass `connectionsById`.
 */
import { VaultError } from '../vault/errors';
import { valueAtKey } from '../vault/kv/reference';
import type { KvSecret, VaultClient } from '../vault/types';
import type { SecretReference } from './parse';
import type { SecretResolver } from './resolve';

export type ConnectionsById =
  | Record<string, VaultClient>
  | ((connectionId: string) => VaultClient | undefined | Promise<VaultClient | undefined>);

export interface VaultResolverOptions {
  /** The client for references without their own connection (and for unknown ids). */
  client?: VaultClient;
  connectionsById?: ConnectionsById;
}

export function createVaultResolver(opts: VaultResolverOptions): SecretResolver {
  const reads = new Map<VaultClient, Map<string, Promise<KvSecret>>>();

  const readOnce = (client: VaultClient, secretPath: string): Promise<KvSecret> => {
    let perClient = reads.get(client);
    if (!perClient) reads.set(client, (perClient = new Map()));
    let pending = perClient.get(secretPath);
    if (!pending) perClient.set(secretPath, (pending = client.kv.read(secretPath)));
    return pending;
  };

  return async (ref: SecretReference) => {
    const client = await pickClient(ref, opts);
    const secret = await readOnce(client, ref.secretPath);
    return valueAtKey(secret, ref.key, client.config);
  };
}

async function pickClient(ref: SecretReference, opts: VaultResolverOptions): Promise<VaultClient> {
  if (ref.connectionId && opts.connectionsById) {
    const byId = opts.connectionsById;
    const found = typeof byId === 'function' ? await byId(ref.connectionId) : byId[ref.connectionId];
    if (found) return found;
  }
  if (opts.client) return opts.client;
  throw new VaultError({
    kind: 'reference',
    summary: ref.connectionId ? `no Vault connection is known for secret manager connection id "${ref.connectionId}"` : 'no Vault connection was given to resolve it',
    hint: '',
  });
}

/**
 * A drop-in for Activepieces' server-side HashiCorp secret-manager provider
 * (`{checkConnection, connect, disconnect, getSecret}` with `config = {url, namespace?, roleId,
 * secretId}`, AppRole at `approle`), built on this piece's registry instead: one login per
 * connection reused across calls (the product logs in on every read and never revokes), the
 * value cache, KV v1 and v2, and messages that say what is wrong. A value of '' / 0 / false is a
 * value (the product reports those as "No secret found").
 *
 * `checkConnection` resolves to `{valid: true}` and throws an Error saying what to fix otherwise.
 * `connect` logs in (once) and returns the shared client. `disconnect` forgets the clients this
 * provider handed out; it does not close them, since the registry shares them with flows.
 */
import { z } from 'zod';
import { parseConnection } from '../vault/connection/parse';
import { checkConnection as checkVaultConnection } from '../vault/check-connection';
import { redact } from '../vault/redact';
import { getVaultClient } from '../vault/registry';
import type { VaultClient, VaultErrorKind } from '../vault/types';
import { parseReferences } from './parse';
import { createVaultResolver } from './vault-resolver';
import { VaultError, isVaultError } from '../vault/errors';

export interface HashicorpProviderConfig {
  url: string;
  namespace?: string;
  roleId: string;
  secretId: string;
}

export interface SecretManagerProvider {
  checkConnection(config: HashicorpProviderConfig): Promise<{ valid: true }>;
  connect(config: HashicorpProviderConfig): Promise<VaultClient>;
  disconnect(): Promise<void>;
  getSecret(request: { path: string }, config: HashicorpProviderConfig): Promise<unknown>;
}

const configSchema = z.object({
  url: z.string().trim().min(1, 'url is required (the Vault address, e.g. https://vault.example.com:8200)'),
  namespace: z.string().optional().nullable(),
  roleId: z.string().trim().min(1, 'roleId is required (vault read auth/approle/role/<role>/role-id)'),
  secretId: z.string(),
});

const PREFIX = 'HashiCorp Vault secret manager';

export function createHashicorpVaultProvider(): SecretManagerProvider {
  const handedOut = new Set<VaultClient>();

  const clientOf = async (config: HashicorpProviderConfig): Promise<VaultClient> => {
    const client = await getVaultClient(toConnection(config));
    handedOut.add(client);
    return client;
  };

  return {
    async checkConnection(config) {
      const result = await guard(config, async () => checkVaultConnection(toConnection(config)));
      if (!result.valid) throw providerError('invalid_config', `${PREFIX}: ${result.error}`, config);
      return { valid: true };
    },
    async connect(config) {
      return guard(config, async () => {
        const client = await clientOf(config);
        await client.token();
        return client;
      });
    },
    async disconnect() {
      handedOut.clear();
    },
    async getSecret(request, config) {
      return guard(config, async () => {
        const path = z.string().trim().min(1, 'path is required: `mount/data/path/key`').parse(request?.path);
        const wrapped = `{{vault:${path}}}`;
        const refs = parseReferences(wrapped);
        // A path holding `}}` or `{{` would otherwise be read as another reference, or cut short.
        if (refs.length !== 1 || refs[0].start !== 0 || refs[0].end !== wrapped.length) {
          throw new VaultError({ kind: 'reference', summary: 'path must be one `mount/data/path/key`, without `{{` or `}}`', hint: '' });
        }
        const ref = refs[0];
        const client = await clientOf(config);
        try {
          return await createVaultResolver({ client })(ref);
        } catch (e) {
          throw providerError(isVaultError(e) ? e.kind : 'reference', `could not read "${ref.path}": ${messageOf(e)}`, config);
        }
      });
    },
  };
}

export const hashicorpVaultProvider: SecretManagerProvider = createHashicorpVaultProvider();

function toConnection(config: HashicorpProviderConfig) {
  const parsed = configSchema.safeParse(config ?? {});
  if (!parsed.success) throw providerError('invalid_config', parsed.error.issues.map((i) => i.message).join('; '), config);
  const c = parsed.data;
  return parseConnection({
    url: c.url,
    namespace: c.namespace ?? undefined,
    authMethod: 'appRole',
    roleId: c.roleId,
    secretId: c.secretId,
    appRolePath: 'approle',
  });
}

/** Every failure leaves as one error naming the provider, with the secret_id scrubbed. */
async function guard<T>(config: HashicorpProviderConfig, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const message = messageOf(e);
    throw providerError(isVaultError(e) ? e.kind : 'reference', message.startsWith(PREFIX) ? message : `${PREFIX}: ${message}`, config);
  }
}

function providerError(kind: VaultErrorKind, message: string, config: HashicorpProviderConfig | undefined): VaultError {
  return new VaultError({ kind, summary: scrub(message, config), hint: '' });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function scrub(message: string, config: HashicorpProviderConfig | undefined): string {
  return redact(message, [config?.secretId]);
}

/**
 * A drop-in for Activepieces' HashiCorp Vault secret-manager provider (enterprise edition,
 * `packages/server/api/src/app/ee/secret-managers/secret-manager-providers/hashicorp-provider.ts`,
 * v0.83), built on `@activepieces/piece-hashicorp-vault`:
 * - one AppRole login per connection config, reused by every resolution, renewed before expiry;
 *   tokens no longer used are revoked (`disconnect`, a re-login after a 403);
 * - no value cache of its own: the platform caches values (and its refresh clears them);
 * - the platform's SSRF rule (`AP_SSRF_ALLOW_LIST`) applied to every address actually connected to;
 * - KV v1 and v2 without a `sys/mounts` grant; '' / 0 / false are values;
 * - errors in the platform's terms, naming what to fix, never a secret.
 */
import { ActivepiecesError, ErrorCode, SecretManagerProviderId, ssrfIpClassifier } from '@activepieces/shared'
import type { FastifyBaseLogger } from 'fastify'
import {
    createVaultClientRegistry,
    isVaultError,
    parseConnection,
    referenceProblem,
    splitReference,
    type VaultClient,
} from '@activepieces/piece-hashicorp-vault'
import { SecretManagerConfigFor, SecretManagerProvider, throwConnectionError, throwGetSecretError } from './secret-manager-providers'

type HashicorpConfig = SecretManagerConfigFor<SecretManagerProviderId.HASHICORP>

const PROVIDER = SecretManagerProviderId.HASHICORP
const PATH_FORMAT = 'mount/data/path/key (KV v2) or mount/path/key (KV v1), e.g. secret/data/app/db/password'

/** The platform's SSRF rule, as `safeHttp` applies it: private, loopback and metadata addresses only when allow-listed. */
function ssrfRefusal(ip: string): string | undefined {
    const allowList = (process.env['AP_SSRF_ALLOW_LIST'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    if (!ssrfIpClassifier.isBlockedIp({ ip, allowList })) return undefined
    return 'the target is blocked by the SSRF filter. If it is a trusted internal host (e.g. a self-hosted Vault), add its IP or CIDR to the AP_SSRF_ALLOW_LIST environment variable (comma-separated) and restart the server.'
}

/** Module-level: the platform builds a new provider object for every call. */
const clients = createVaultClientRegistry({ checkAddress: ssrfRefusal })

export const hashicorpProvider = (log: FastifyBaseLogger): SecretManagerProvider<SecretManagerProviderId.HASHICORP> => ({
    checkConnection: async (config) => {
        const client = connectionClient(config, log)
        await client.request({ method: 'GET', path: 'auth/token/lookup-self', access: 'read' }).catch((error) => {
            throwConnectionError({ error: messageOf(error), provider: PROVIDER, log })
        })
        return true
    },
    connect: async (config) => {
        const client = connectionClient(config, log)
        await client.token().catch((error) => {
            throwConnectionError({ error: messageOf(error), provider: PROVIDER, log })
        })
    },
    disconnect: async () => {
        await clients.closeAll()
    },
    getSecret: async (request, config) => {
        await validatePathFormat(request.path)
        const client = connectionClient(config, log)
        const { secretPath, key } = splitReference(request.path.trim())
        const secret = await client.kv.read(secretPath).catch((error) => {
            throwGetSecretError({ error: messageOf(error), path: request.path, provider: PROVIDER, request: { path: request.path }, log })
        })
        if (!Object.prototype.hasOwnProperty.call(secret.data, key)) {
            const keys = Object.keys(secret.data).slice(0, 20).map((k) => JSON.stringify(k)).join(', ')
            const error = `The secret has no key ${JSON.stringify(key)} (${keys ? `keys there: ${keys}` : 'it has no keys'}). The last segment of the path is the key: ${PATH_FORMAT}.`
            throwGetSecretError({ error, path: request.path, provider: PROVIDER, request: { path: request.path }, log })
        }
        return asText(secret.data[key])
    },
})

/** Throws the platform's VALIDATION error (409) for a path that is not `mount/data/path/key`. */
export async function validatePathFormat(key: string): Promise<void> {
    const problem = typeof key === 'string' ? referenceProblem(key.trim()) : 'it is not text'
    if (problem) {
        throw new ActivepiecesError({
            code: ErrorCode.VALIDATION,
            params: { message: `Wrong path format: ${problem}. Write it as ${PATH_FORMAT}.` },
        })
    }
}

/** The shared client for this connection config (one login, no value cache: the platform caches). */
function connectionClient(config: HashicorpConfig, log: FastifyBaseLogger): VaultClient {
    try {
        return clients.get(parseConnection({
            url: config.url,
            namespace: config.namespace,
            authMethod: 'appRole',
            roleId: config.roleId,
            secretId: config.secretId,
            appRolePath: 'approle',
            cacheTtlSeconds: 0,
        }))
    }
    catch (error) {
        return throwConnectionError({ error: messageOf(error), provider: PROVIDER, log })
    }
}

/** The contract is a string: numbers and booleans as written, objects as JSON. */
function asText(value: unknown): string {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return JSON.stringify(value)
}

/** The piece's errors are already redacted (no token, secret_id or value). */
function messageOf(error: unknown): string {
    return isVaultError(error) ? error.message : 'Unknown error'
}

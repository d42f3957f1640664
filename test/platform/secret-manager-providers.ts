/**
 * The interface the platform's secret-manager providers implement and the two error helpers they
 * throw with, as Activepieces v0.83 defines them (`secret-manager-providers.ts` next to the
 * HashiCorp provider), reproduced for the tests: what the drop-in imports as
 * `./secret-manager-providers`. The logger records what is logged, so tests can look for secrets.
 */
import { ActivepiecesError, ConnectSecretManagerRequest, ErrorCode, SecretManagerProviderId } from '@activepieces/shared'
import type { FastifyBaseLogger } from 'fastify'

export type SecretManagerConfigFor<K extends SecretManagerProviderId> = Extract<ConnectSecretManagerRequest, { providerId: K }>['config']

export type SecretManagerProvider<K extends SecretManagerProviderId> = {
    checkConnection: (config: SecretManagerConfigFor<K>) => Promise<unknown>
    connect: (config: SecretManagerConfigFor<K>) => Promise<void>
    disconnect: () => Promise<void>
    getSecret: (params: { path: string }, config: SecretManagerConfigFor<K>) => Promise<string>
}

function messageOf(error: unknown): string {
    if (error instanceof Error) return error.message
    return typeof error === 'string' ? error : 'Unknown error'
}

export function throwConnectionError({ error, provider, log }: { error: unknown, provider: SecretManagerProviderId, log: FastifyBaseLogger }): never {
    const message = messageOf(error)
    log.error({ message, provider }, '[secretManager#checkConnection]')
    throw new ActivepiecesError({ code: ErrorCode.SECRET_MANAGER_CONNECTION_FAILED, params: { message, provider } })
}

export function throwGetSecretError({ error, path, provider, request, log }: {
    error: unknown
    path: string
    provider: SecretManagerProviderId
    request: Record<string, unknown>
    log: FastifyBaseLogger
}): never {
    const message = `[${path}] ${messageOf(error)}`
    log.error({ message, provider, request }, '[secretManager#getSecret]')
    throw new ActivepiecesError({ code: ErrorCode.SECRET_MANAGER_GET_SECRET_FAILED, params: { message, provider, request } })
}

/** A logger that keeps every line (the provider receives a FastifyBaseLogger). */
export function recordingLogger(): FastifyBaseLogger & { lines: unknown[][] } {
    const lines: unknown[][] = []
    const record = (...args: unknown[]) => {
        lines.push(args)
    }
    const logger = { lines, error: record, warn: record, info: record, debug: record, trace: record, fatal: record, level: 'info', silent: record, child: () => logger }
    return logger as unknown as FastifyBaseLogger & { lines: unknown[][] }
}

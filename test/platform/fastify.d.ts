/** The one type the platform's providers take from fastify (the tests do not install fastify). */
declare module 'fastify' {
    type LogFn = (obj: unknown, msg?: string, ...args: unknown[]) => void
    export interface FastifyBaseLogger {
        level: string
        error: LogFn
        warn: LogFn
        info: LogFn
        debug: LogFn
        trace: LogFn
        fatal: LogFn
        silent: LogFn
        child(bindings: Record<string, unknown>): FastifyBaseLogger
    }
}

/**
 * Shared tools of the reliability suites: an unhandled-rejection detector, a "clear error" check,
 * a seeded random generator, a second address for the same Vault (the "other node" of a 307),
 * output capture for secret scans and a heap probe.
 */
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isVaultError } from '../../src/lib/vault/errors';

/**
 * Records every unhandled rejection while installed. Jest gives each test file a copy of
 * `process` that never sees the event: listen on the worker's real one.
 */
export function watchUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const realProcess = vm.runInThisContext('process') as NodeJS.Process;
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  realProcess.on('unhandledRejection', listener);
  return { reasons, stop: () => realProcess.off('unhandledRejection', listener) };
}

/** Lets pending rejections surface (Node reports them after the microtask queue drains). */
export async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 20));
}

const CRASH_PATTERNS = [
  /\bundefined\b/,
  /\[object Object\]/,
  /Cannot read propert/i,
  /is not a function/i,
  /is not iterable/i,
  /Maximum call stack/i,
  /^TypeError/,
  /(?<!received )\bNaN\b/,
];

/**
 * Why `e` is not a clear error (undefined when it is): an Error with a real sentence, no leaked
 * JavaScript internals, naming the Vault address when Vault was involved.
 */
export function unclearError(e: unknown, address?: string): string | undefined {
  if (!(e instanceof Error)) return `not an Error: ${typeof e}`;
  const msg = e.message;
  if (msg.length < 20) return `too short: ${JSON.stringify(msg)}`;
  for (const p of CRASH_PATTERNS) if (p.test(msg)) return `looks like a crash (${p}): ${msg.slice(0, 300)}`;
  if (e.name === 'TypeError' || e.name === 'RangeError' || e.name === 'SyntaxError' || e.name === 'ReferenceError') {
    return `${e.name}: ${msg.slice(0, 300)}`;
  }
  const viaHttp = isVaultError(e) && (e.status !== undefined || ['connection', 'timeout', 'sealed', 'server', 'rate_limited'].includes(e.kind));
  if (address && viaHttp && !msg.includes(address)) return `does not name the address ${address}: ${msg.slice(0, 300)}`;
  return undefined;
}

/** Mulberry32: a small deterministic generator (fuzz runs are the same every time). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A TCP forwarder on another loopback port: a second address (origin) for the same Vault. */
export async function startForwarder(targetPort: number): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Everything written to the console or to stdout/stderr while installed. */
export function captureOutput(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '));
    };
  }
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(String(chunk));
    return (out as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(String(chunk));
    return (err as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    text: () => chunks.join('\n'),
    restore() {
      methods.forEach((m, i) => (console[m] = saved[i]));
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

export function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message} ${JSON.stringify({ ...value })}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Heap in use after a full collection (bytes). */
export function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(runners);
}

/** Waits until `check` is true or `tries` polls passed; returns the last result. */
export async function eventually(check: () => boolean, tries = 100, everyMs = 20): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}

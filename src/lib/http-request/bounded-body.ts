/**
 * Reads an HTTP answer's body with a byte limit and a deadline: a server that sends too much, or
 * sends it too slowly, costs a bounded amount of memory and time. (The Vault transport has its own
 * reader; the two are meant to become one.)
 */
import type { Readable } from 'node:stream';
import { VaultError } from '../vault/errors';

export interface BodyLimits {
  /** The most bytes read; one more fails the read. */
  maxBytes: number;
  /** `Date.now()` time by which the whole body must have arrived. */
  deadlineMs: number;
}

/** An undici answer body (a Node Readable of Buffers). */
export type AnswerBody = Pick<Readable, 'destroy'> & AsyncIterable<Buffer | string>;

/**
 * The whole body, or a `VaultError` naming the limit it broke (`unexpected_response` for size,
 * `timeout` for the deadline); the stream is destroyed either way, so the socket is not kept.
 */
export async function readBoundedBody(body: AnswerBody, limits: BodyLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let late = false;
  const timer = setTimeout(
    () => {
      late = true;
      body.destroy(new Error('deadline'));
    },
    Math.max(0, limits.deadlineMs - Date.now()),
  );
  try {
    for await (const chunk of body) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limits.maxBytes) {
        body.destroy();
        throw tooLarge(limits.maxBytes);
      }
      chunks.push(buf);
    }
  } catch (e) {
    if (late) throw tooSlow();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  if (late) throw tooSlow();
  return Buffer.concat(chunks, size);
}

export function describeBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function tooLarge(maxBytes: number): VaultError {
  return new VaultError({
    kind: 'unexpected_response',
    summary: `The answer is larger than ${describeBytes(maxBytes)}, the most this step reads; it was not read further`,
    hint: 'Ask the server for less (a page, a filter, a smaller format).',
  });
}

function tooSlow(): VaultError {
  return new VaultError({
    kind: 'timeout',
    summary: 'The answer did not arrive in full before the deadline',
    hint: 'The server is slow or stuck sending its answer; retry later or allow more time.',
  });
}

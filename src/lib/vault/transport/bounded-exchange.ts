/**
 * One HTTP exchange, read whole within bounds: the deadline covers connecting, the headers and the
 * body to its last byte (an answer trickled byte by byte is cut off at the deadline), and the body
 * is read up to a byte limit, past which reading stops and the connection is dropped. A broken or
 * hostile server can hold neither the step nor the memory. Knows nothing of Vault: any undici
 * dispatcher, any HTTP service.
 */
import type { Dispatcher } from 'undici';

export interface AnswerBounds {
  /** When the whole exchange must be over (epoch milliseconds). */
  deadline: number;
  /** The largest body read, in bytes. */
  maxBytes: number;
}

export type AnswerHeaders = Dispatcher.ResponseData['headers'];

export interface WholeAnswer {
  status: number;
  headers: AnswerHeaders;
  /** The body as UTF-8 text ('' when empty). */
  text: string;
}

/**
 * An exchange cut off by its bounds: `time` at the deadline, `size` past the byte limit. Not shown
 * to anyone as it is: callers turn it into their own error (the Vault transport: a `VaultError`
 * naming the setting, in `transport-errors.ts`).
 */
export class AnswerBoundsError extends Error {
  constructor(readonly bound: 'time' | 'size') {
    super(bound === 'time' ? 'The answer did not arrive before the deadline' : 'The answer is larger than the limit');
    this.name = 'AnswerBoundsError';
  }
}

/** Sends one request and reads its answer whole, within `bounds`; rejects with `AnswerBoundsError` past them. */
export async function boundedExchange(dispatcher: Dispatcher, request: Dispatcher.RequestOptions, bounds: AnswerBounds): Promise<WholeAnswer> {
  const remaining = bounds.deadline - Date.now();
  if (remaining <= 0) throw new AnswerBoundsError('time');
  const controller = new AbortController();
  // Aborting also destroys a body being read: undici ends it with this reason.
  const timer = setTimeout(() => controller.abort(new AnswerBoundsError('time')), remaining);
  try {
    const res = await dispatcher.request({ ...request, signal: controller.signal });
    return { status: res.statusCode, headers: res.headers, text: await readBoundedText(res, bounds.maxBytes) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An undici response's body as text, at most `maxBytes`: a larger declared length is refused
 * before reading, and reading stops (the body destroyed, its connection dropped) at the first
 * chunk past the limit. Nothing past the limit is kept.
 */
export function readBoundedText(res: Pick<Dispatcher.ResponseData, 'headers' | 'body'>, maxBytes: number): Promise<string> {
  const { body } = res;
  if (Number(firstValue(res.headers['content-length'])) > maxBytes) {
    body.on('error', ignore).destroy(new AnswerBoundsError('size'));
    return Promise.reject(new AnswerBoundsError('size'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) body.destroy(new AnswerBoundsError('size'));
      else chunks.push(chunk);
    });
    body.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8')));
    body.on('error', reject);
    // Closed without 'end' or 'error' (undici always gives an error; this keeps the promise from hanging if not).
    body.on('close', () => reject(Object.assign(new Error('The answer ended early'), { code: 'ECONNRESET' })));
  });
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function ignore(): void {}

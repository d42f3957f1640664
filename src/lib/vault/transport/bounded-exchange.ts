/**
 * One HTTP exchange, read whole within bounds: the deadline covers waiting for a socket, the
 * headers and the body to its last byte (an answer trickled byte by byte is cut off at the
 * deadline), and the body is read up to a byte limit, past which the exchange is aborted and its
 * connection dropped. A broken or hostile server can hold neither the step nor the memory. Knows
 * nothing of Vault: any undici dispatcher, any HTTP service.
 *
 * Built on undici's `dispatch` handler rather than `request()`: the answer is collected as it
 * arrives, with no stream and no AbortSignal per exchange (an AbortController alone cost more than
 * a fifth of a loopback read).
 */
import type { Dispatcher } from 'undici';

export interface AnswerBounds {
  /** When the whole exchange must be over (epoch milliseconds). */
  deadline: number;
  /** The largest body read, in bytes. */
  maxBytes: number;
}

export type AnswerHeaders = Record<string, string | string[] | undefined>;

export interface WholeAnswer {
  status: number;
  headers: AnswerHeaders;
  /** The body as received (empty when there is none). */
  body: Buffer;
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

/**
 * Sends one request on `dispatcher` and reads its answer whole, within `bounds`. Rejects with
 * `AnswerBoundsError` past them, or with undici's error when the exchange fails.
 */
export function boundedExchange(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, bounds: AnswerBounds): Promise<WholeAnswer> {
  return new Promise((resolve, reject) => {
    const remaining = bounds.deadline - Date.now();
    if (remaining <= 0) reject(new AnswerBoundsError('time'));
    else dispatcher.dispatch(request, new BoundedAnswer(bounds.maxBytes, remaining, resolve, reject));
  });
}

/** Collects one answer; settles its promise exactly once. */
class BoundedAnswer implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private readonly timer: NodeJS.Timeout;
  private stopped: AnswerBoundsError | undefined;
  private status = 0;
  private headers: AnswerHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    timeoutMs: number,
    private readonly resolve: (answer: WholeAnswer) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.timer = setTimeout(() => this.stop(new AnswerBoundsError('time')), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Stopped while still waiting for a socket: the request is not sent.
    if (this.stopped) controller.abort(this.stopped);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: AnswerHeaders): void {
    if (status < 200) return; // 1xx: informational, the answer follows
    this.status = status;
    this.headers = headers;
    const declared = headers['content-length'];
    if (Number(Array.isArray(declared) ? declared[0] : declared) > this.maxBytes) this.stop(new AnswerBoundsError('size'));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.stopped) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) this.stop(new AnswerBoundsError('size'));
    else this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    clearTimeout(this.timer);
    const { chunks, size } = this;
    this.resolve({ status: this.status, headers: this.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.timer);
    this.reject(error);
  }

  /** Ends the exchange with `reason`: the socket is dropped, nothing more is read. */
  private stop(reason: AnswerBoundsError): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.chunks.length = 0;
    clearTimeout(this.timer);
    this.reject(reason);
    this.controller?.abort(reason);
  }
}

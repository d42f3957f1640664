/** The one way tests expect an error: `errorOf`, and `runFailing` for an action run like the engine. */
import { VaultError } from '../../src/lib/vault/errors';
import { runAction } from './engine';

type ErrorClass<E> = abstract new (...args: any[]) => E;

function expectError<E>(e: unknown, type: ErrorClass<E>): E {
  if (e instanceof type) return e;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e);
  throw new Error(`expected a ${type.name}, got ${what}`, { cause: e });
}

function succeeded(type: ErrorClass<unknown>, value: unknown): Error {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return new Error(`expected a ${type.name}, but it succeeded with ${shown.slice(0, 500)}`);
}

async function rejection<E>(p: PromiseLike<unknown>, type: ErrorClass<E>): Promise<E> {
  let value: unknown;
  try {
    value = await p;
  } catch (e) {
    return expectError(e, type);
  }
  throw succeeded(type, value);
}

/**
 * The error `work` fails with: a VaultError unless another class is named. `work` is a promise or a
 * function, synchronous (the error comes back at once) or asynchronous (a promise of it). Fails the
 * test when the work succeeds or throws anything else.
 */
export function errorOf<E = VaultError>(work: PromiseLike<unknown> | (() => PromiseLike<unknown>), type?: ErrorClass<E>): Promise<E>;
export function errorOf<E = VaultError>(work: () => unknown, type?: ErrorClass<E>): E;
export function errorOf<E = VaultError>(
  work: PromiseLike<unknown> | (() => unknown),
  type: ErrorClass<E> = VaultError as unknown as ErrorClass<E>,
): E | Promise<E> {
  if (typeof work !== 'function') return rejection(work, type);
  let result: unknown;
  try {
    result = work();
  } catch (e) {
    return expectError(e, type);
  }
  if (result && typeof (result as PromiseLike<unknown>).then === 'function') return rejection(result as PromiseLike<unknown>, type);
  throw succeeded(type, result);
}

/** Runs an action like the engine does and returns the error it fails with (any Error: actions also refuse bad input). */
export function runFailing(
  action: Parameters<typeof runAction>[0],
  auth: Parameters<typeof runAction>[1],
  props: Parameters<typeof runAction>[2],
  opts: Parameters<typeof runAction>[3] = {},
): Promise<Error> {
  return errorOf(runAction(action, auth, props, opts), Error);
}

import { isMissing } from '../http-errors';
import { listSchema } from './schemas';
import type { VaultConnectionConfig, VaultRequest, VaultResponse } from '../types';

/** Sends a request with the client's token (login, renewal and 403-relogin handled by the session). */
export type SendFn = <T = unknown>(req: Omit<VaultRequest<T>, 'token'>) => Promise<VaultResponse<T>>;

export interface KvContext {
  readonly config: VaultConnectionConfig;
  readonly send: SendFn;
}

/** One folder level of a KV listing (`GET ...?list=true`); a folder that does not exist is empty. */
export async function listFolder(send: SendFn, path: string): Promise<string[]> {
  try {
    return (await send({ method: 'GET', path, query: { list: 'true' }, schema: listSchema })).body.data.keys;
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

import type { Backend, Ctx } from '../types';
import { SYSTEM_MAX_TTL } from '../constants';
import { childKeys, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';

/** KV version 1: the body of a write is stored as-is; reads carry the 768h lease Vault reports. */
export class KvV1Backend implements Backend {
  private readonly store = new Map<string, Record<string, unknown>>();

  entries(): IterableIterator<[string, Record<string, unknown>]> {
    return this.store.entries();
  }

  exists(_ctx: Ctx, sub: string): boolean {
    return this.store.has(sub);
  }

  handle(ctx: Ctx, sub: string): Result {
    switch (ctx.method) {
      case 'GET': {
        const data = this.store.get(sub);
        return data ? ok(data, { lease_duration: SYSTEM_MAX_TTL }) : notFound();
      }
      case 'LIST': {
        const prefix = sub === '' || sub.endsWith('/') ? sub : `${sub}/`;
        return listResult(childKeys(this.store.keys(), prefix));
      }
      case 'POST':
      case 'PUT':
        this.store.set(sub, ctx.body);
        return noContent();
      case 'DELETE':
        this.store.delete(sub);
        return noContent();
      default:
        return unsupported();
    }
  }
}

import type { Backend, Ctx } from '../types';
import { childKeys, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';

/** Per-token private storage: each token sees only its own entries. */
export class CubbyholeBackend implements Backend {
  private readonly store = new Map<string, Record<string, unknown>>();

  handle(ctx: Ctx, sub: string): Result {
    const owner = `${ctx.token?.accessor || ctx.token?.id}\n`;
    const key = owner + sub;
    switch (ctx.method) {
      case 'GET': {
        const data = this.store.get(key);
        return data ? ok(data) : notFound();
      }
      case 'LIST': {
        const prefix = sub === '' || sub.endsWith('/') ? sub : `${sub}/`;
        const mine = [...this.store.keys()].filter((k) => k.startsWith(owner)).map((k) => k.slice(owner.length));
        return listResult(childKeys(mine, prefix));
      }
      case 'POST':
      case 'PUT':
        this.store.set(key, ctx.body);
        return noContent();
      case 'DELETE':
        this.store.delete(key);
        return noContent();
      default:
        return unsupported();
    }
  }
}

/** identity/ exists (as in every namespace) but serves nothing here. */
export class IdentityBackend implements Backend {
  handle(ctx: Ctx): Result {
    return { status: 404, body: { errors: [`no handler for route '${ctx.path}'`] } };
  }
}

import type { Backend, Ctx } from '../types';
import type { TokenEntry } from '../state/token-store';
import { cubbyholeResponse } from '../sys/wrapping';
import { childKeys, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';

const ownerOf = (t: TokenEntry | undefined) => t?.accessor || t?.id || '';

/**
 * Per-token private storage: each token sees only its own entries, which are destroyed with the token.
 * A wrapping token's cubbyhole holds the wrapped answer at `response` (what the response-wrapping
 * policy lets it read), as JSON text.
 */
export class CubbyholeBackend implements Backend {
  private readonly store = new Map<string, Map<string, Record<string, unknown>>>();

  dropOwner(t: TokenEntry): void {
    this.store.delete(ownerOf(t));
  }

  handle(ctx: Ctx, sub: string): Result {
    const owner = ownerOf(ctx.token);
    const mine = this.store.get(owner);
    switch (ctx.method) {
      case 'GET': {
        const data = mine?.get(sub) ?? (sub === 'response' ? cubbyholeResponse(ctx.core, ctx.token) : undefined);
        return data ? ok(data) : notFound();
      }
      case 'LIST': {
        const prefix = sub === '' || sub.endsWith('/') ? sub : `${sub}/`;
        return listResult(childKeys(mine?.keys() ?? [], prefix));
      }
      case 'POST':
      case 'PUT': {
        if (!mine) {
          this.store.set(owner, new Map([[sub, ctx.body]]));
          ctx.core.cubbyholes.add(this);
        } else mine.set(sub, ctx.body);
        return noContent();
      }
      case 'DELETE':
        mine?.delete(sub);
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

import type { Ctx } from '../types';
import type { TokenEntry } from '../state/token-store';
import { badRequest, ok, unsupported, wrapped, type Result } from '../util/respond';
import { trimLeadingSlashes } from '../util/slashes';

function capsFor(ctx: Ctx, token: TokenEntry, paths: string[]): Result {
  const tokenNs = ctx.core.findNamespace(token.nsPath);
  if (!tokenNs) return badRequest(wrapped('invalid token'));
  if (paths.length === 0) return badRequest('paths must be supplied');
  const acl = tokenNs.acl(token.policies);
  const prefix = ctx.ns.path.slice(tokenNs.path.length);
  const data: Record<string, string[]> = {};
  for (const p of paths) {
    const caps = acl.root ? ['root'] : [...acl.capabilities(prefix + trimLeadingSlashes(p))].sort();
    data[p] = caps.length ? caps : ['deny'];
  }
  if (paths.length === 1) data.capabilities = data[paths[0]];
  return ok(data);
}

function pathsOf(ctx: Ctx): string[] {
  const list = (raw: unknown) => (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : []).map(String).map((p) => p.trim()).filter(Boolean);
  // `path` is the deprecated name, read when `paths` is empty
  const paths = list(ctx.body.paths);
  return paths.length ? paths : list(ctx.body.path);
}

export function capabilitiesSelf(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  return capsFor(ctx, ctx.token!, pathsOf(ctx));
}

export function capabilities(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const t = typeof ctx.body.token === 'string' ? ctx.core.tokens.get(ctx.body.token, ctx.core.clock.nowMs()) : undefined;
  // core.Capabilities' StatusBadRequest, a Go error: wrapped
  if (!t) return pathsOf(ctx).length ? badRequest(wrapped('invalid token')) : badRequest('paths must be supplied');
  return capsFor(ctx, t, pathsOf(ctx));
}

/** sys/capabilities-accessor: a token's capabilities, named by its accessor (as token lookup-accessor does). */
export function capabilitiesAccessor(ctx: Ctx): Result {
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') return unsupported();
  const accessor = typeof ctx.body.accessor === 'string' ? ctx.body.accessor : '';
  if (!accessor) return badRequest('missing accessor');
  const t = ctx.core.tokens.byAccessorId(accessor, ctx.core.clock.nowMs());
  if (!t) return badRequest(wrapped('invalid accessor'));
  return capsFor(ctx, t, pathsOf(ctx));
}

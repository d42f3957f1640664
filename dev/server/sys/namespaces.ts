import type { Ctx } from '../types';
import type { Namespace } from '../state/namespace';
import { revokeNamespaceTokens } from '../state/token-store';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { trimSlashes } from '../util/slashes';

function info(ns: Namespace) {
  return { id: ns.id, path: ns.path, custom_metadata: ns.customMetadata };
}

/** sys/namespaces[/<name>] (Enterprise): children of the request's namespace. */
export function namespaces(ctx: Ctx, rest: string): Result {
  const name = trimSlashes(rest);
  const { ns, core } = ctx;
  if (name === '') {
    if (ctx.method !== 'LIST') return unsupported();
    const children = [...ns.children.values()];
    const keyInfo = Object.fromEntries(children.map((c) => [`${c.path.slice(ns.path.length)}`, info(c)]));
    return listResult(Object.keys(keyInfo).sort(), keyInfo);
  }
  if (name.includes('/')) return badRequest('namespace name must not contain a slash');
  const existing = ns.children.get(name);
  switch (ctx.method) {
    case 'GET':
      return existing ? ok(info(existing)) : notFound();
    case 'POST':
    case 'PUT': {
      if (existing) return ok(info(existing));
      const meta = (ctx.body.custom_metadata ?? {}) as Record<string, string>;
      return ok(info(core.createNamespace(ns, name, meta)));
    }
    case 'DELETE': {
      if (!existing) return noContent();
      if (existing.children.size > 0) return badRequest(`cannot delete namespace ("${existing.path}") containing child namespaces`);
      ns.children.delete(name);
      revokeNamespaceTokens(core.tokens, existing.path, core.tokens.all());
      return noContent();
    }
    default:
      return unsupported();
  }
}

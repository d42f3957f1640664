import type { Ctx } from '../types';
import { parsePolicy } from '../acl/policy';
import { badRequest, noContent, notFound, ok, unsupported, type Result } from '../util/respond';

/** Stored policies in order, then "root", which Vault appends (logical_system.go handlePoliciesList). */
function names(ctx: Ctx): string[] {
  return [...[...ctx.ns.policies.keys()].filter((n) => n !== 'root').sort(), 'root'];
}

function write(ctx: Ctx, name: string, text: unknown): Result {
  if (name === 'root') return badRequest('cannot update "root" policy');
  if (typeof text !== 'string' || text === '') return badRequest("'policy' parameter not supplied or empty");
  try {
    ctx.ns.setPolicy(parsePolicy(name, text));
  } catch (e) {
    return badRequest((e as Error).message);
  }
  return noContent();
}

function remove(ctx: Ctx, name: string): Result {
  if (name === 'default') return badRequest('cannot delete default policy');
  if (name === 'root') return badRequest('cannot delete "root" policy');
  ctx.ns.deletePolicy(name);
  return noContent();
}

/** sys/policies/acl[/<name>] (the current API). */
export function aclPolicies(ctx: Ctx, rest: string): Result {
  const name = rest.replace(/\/$/, '').toLowerCase();
  if (name === '') return ctx.method === 'LIST' ? ok({ keys: names(ctx) }) : unsupported();
  switch (ctx.method) {
    case 'GET': {
      if (name === 'root') return ok({ name: 'root', policy: '' });
      const p = ctx.ns.policies.get(name);
      return p ? ok({ name: p.name, policy: p.raw }) : notFound();
    }
    case 'POST':
    case 'PUT':
      return write(ctx, name, ctx.body.policy);
    case 'DELETE':
      return remove(ctx, name);
    default:
      return unsupported();
  }
}

/** sys/policy[/<name>] (the legacy API, still used by many clients). */
export function legacyPolicies(ctx: Ctx, rest: string): Result {
  const name = rest.replace(/\/$/, '').toLowerCase();
  if (name === '') {
    if (ctx.method !== 'GET' && ctx.method !== 'LIST') return unsupported();
    const all = names(ctx);
    return ok({ keys: all, policies: all });
  }
  switch (ctx.method) {
    case 'GET': {
      if (name === 'root') return ok({ name: 'root', rules: '' });
      const p = ctx.ns.policies.get(name);
      return p ? ok({ name: p.name, rules: p.raw }) : notFound();
    }
    case 'POST':
    case 'PUT':
      return write(ctx, name, ctx.body.policy ?? ctx.body.rules);
    case 'DELETE':
      return remove(ctx, name);
    default:
      return unsupported();
  }
}

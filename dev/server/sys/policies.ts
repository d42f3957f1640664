import type { Ctx } from '../types';
import { parsePolicy } from '../acl/policy';
import { goBase64Decode } from '../util/go-base64';
import { badRequest, noContent, notFound, ok, unsupported, type Result } from '../util/respond';

/** Stored policies in order, then "root", which Vault appends (logical_system.go handlePoliciesList). */
function names(ctx: Ctx): string[] {
  return [...[...ctx.ns.policies.keys()].filter((n) => n !== 'root').sort(), 'root'];
}

/** Policies no one may write or delete (vault/policy_store.go immutablePolicies). */
const IMMUTABLE = ['root', 'response-wrapping', 'control-group'];

/** handlePoliciesSet: `rules` only on the legacy path (with a warning), base64 accepted, parsed, then stored. */
function write(ctx: Ctx, name: string, legacy: boolean): Result {
  let text = typeof ctx.body.policy === 'string' ? ctx.body.policy : '';
  const warnings: string[] = [];
  if (text === '' && legacy) {
    text = typeof ctx.body.rules === 'string' ? ctx.body.rules : '';
    warnings.push("'rules' is deprecated, please use 'policy' instead");
  }
  if (text === '') return badRequest("'policy' parameter not supplied or empty");
  const decoded = goBase64Decode(text);
  if (typeof decoded !== 'string') text = decoded.toString('utf8');
  let policy;
  try {
    policy = parsePolicy(name, text, ctx.core.patchSupported);
  } catch (e) {
    return badRequest((e as Error).message);
  }
  if (IMMUTABLE.includes(name)) return badRequest(`cannot update ${JSON.stringify(name)} policy`);
  ctx.ns.setPolicy(policy);
  return warnings.length ? ok(null, { warnings }) : noContent();
}

function remove(ctx: Ctx, name: string): Result {
  if (IMMUTABLE.includes(name)) return badRequest(`cannot delete ${JSON.stringify(name)} policy`);
  if (name === 'default') return badRequest('cannot delete default policy');
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
      return write(ctx, name, false);
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
      return write(ctx, name, true);
    case 'DELETE':
      return remove(ctx, name);
    default:
      return unsupported();
  }
}

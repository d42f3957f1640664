import type { Ctx, MountEntry } from '../types';
import { fail, ok, unsupported, type Result } from '../util/respond';
import { mountJson } from './mount-json';

/** The token's ACL plus the namespace prefix its policy paths are relative to. */
function tokenAcl(ctx: Ctx) {
  const token = ctx.token!;
  const tokenNs = ctx.core.findNamespace(token.nsPath)!;
  return { acl: tokenNs.acl(token.policies), prefix: ctx.ns.path.slice(tokenNs.path.length) };
}

/**
 * sys/internal/ui/mounts[/<path>]: which mount (and KV version) serves a path. Any capability
 * inside the mount is enough; otherwise, or when nothing is mounted there, the recorded 403.
 */
export function uiMounts(ctx: Ctx, rest: string): Result {
  if (ctx.method !== 'GET') return unsupported();
  const { acl, prefix } = tokenAcl(ctx);
  if (rest === '') {
    const visible = (list: MountEntry[], p: string) =>
      Object.fromEntries(list.filter((m) => acl.hasMountAccess(prefix + p + m.path)).map((m) => [m.path, mountJson(m)]));
    // Vault checks an auth mount by its path without "auth/" (logical_system.go hasMountAccess on
    // me.Path), so a token sees an auth mount only through a rule that happens to match that.
    return ok({ secret: visible(ctx.ns.mounts.all(), ''), auth: visible(ctx.ns.authMounts.all(), '') });
  }
  const isAuth = rest.startsWith('auth/');
  const mount = isAuth ? ctx.ns.authMounts.match(rest.slice(5)) : ctx.ns.mounts.match(rest);
  const fullPath = mount ? (isAuth ? 'auth/' : '') + mount.path : '';
  if (!mount || !acl.hasMountAccess(prefix + fullPath)) {
    const shown = rest.endsWith('/') ? rest : `${rest}/`;
    return fail(403, `preflight capability check returned 403, please ensure client's policies grant access to path "${shown}"`);
  }
  return ok({ ...mountJson(mount), path: fullPath });
}

import type { Backend, Ctx } from '../types';
import { noRoute, type Result } from '../util/respond';
import { health, leader, seal, sealStatus, unseal } from './health';
import { authMounts, mounts } from './mounts';
import { aclPolicies, legacyPolicies } from './policies';
import { uiMounts } from './ui-mounts';
import { lookup, rewrap, unwrap, wrap } from './wrapping';
import { namespaces } from './namespaces';
import { init } from './init';
import { capabilities, capabilitiesAccessor, capabilitiesSelf } from './capabilities';
import { leases, legacyRenew, legacyRevoke, legacyRevokePrefix } from './leases';

type Area = (ctx: Ctx, rest: string) => Result;

/** Exact paths first, then `prefix/` areas that take the rest of the path. */
const EXACT: Record<string, Area> = {
  health,
  'seal-status': sealStatus,
  init,
  seal,
  unseal,
  leader,
  'wrapping/unwrap': unwrap,
  'wrapping/lookup': lookup,
  'wrapping/wrap': wrap,
  'wrapping/rewrap': rewrap,
  'capabilities-self': capabilitiesSelf,
  'capabilities-accessor': capabilitiesAccessor,
  capabilities,
};
const PREFIXES: [string, Area][] = [
  ['mounts', mounts],
  ['auth', authMounts],
  ['policies/acl', aclPolicies],
  ['policy', legacyPolicies],
  ['internal/ui/mounts', uiMounts],
  ['namespaces', namespaces],
  ['leases', leases],
  ['renew', legacyRenew],
  ['revoke-prefix', legacyRevokePrefix],
  ['revoke', legacyRevoke],
];
// sys/wrapping/unwrap needs a token (the wrapping token itself, or one's own with `token` in the body).
const UNAUTHENTICATED = new Set(['health', 'seal-status', 'unseal', 'leader', 'init', 'wrapping/lookup']);

export class SystemBackend implements Backend {
  unauthenticated(sub: string): boolean {
    return UNAUTHENTICATED.has(sub);
  }

  handle(ctx: Ctx, sub: string): Result {
    const exact = EXACT[sub];
    if (exact) return exact(ctx, '');
    for (const [prefix, area] of PREFIXES) {
      if (sub === prefix || sub === `${prefix}/`) return area(ctx, '');
      if (sub.startsWith(`${prefix}/`)) return area(ctx, sub.slice(prefix.length + 1));
    }
    return noRoute(ctx.path);
  }
}

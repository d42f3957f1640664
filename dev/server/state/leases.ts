import type { ServerCore } from '../core';
import type { Namespace } from './namespace';
import type { TokenEntry } from './token-store';
import { randomAlnum } from '../util/ids';
import { trimTrailingSlashes } from '../util/slashes';

/** What the engine that handed out a lease does when it is renewed or revoked (Vault's framework.Secret). */
export interface LeaseOwner {
  /** Revokes what the lease stands for (drop the database user, revoke the certificate...). */
  revoke(lease: Lease): void;
  /** The engine's TTL and max TTL for a renewal, or a message for a 400. Absent: the lease is not renewable. */
  renew?(lease: Lease): { ttl: number; maxTtl: number } | string;
}

export interface Lease {
  id: string;
  nsPath: string;
  /** The namespace-relative request path that created it, e.g. `database/creds/readonly`. */
  path: string;
  mountUuid: string;
  issueMs: number;
  expireMs: number;
  /** 0 = never renewed. */
  lastRenewalMs: number;
  /** The token whose revocation revokes the lease (none for orphan batch tokens, as in Vault). */
  tokenId?: string;
  owner: LeaseOwner;
  internal: Record<string, unknown>;
}

export interface NewLease {
  ns: Namespace;
  path: string;
  mountUuid: string;
  ttl: number;
  token?: TokenEntry;
  owner: LeaseOwner;
  internal?: Record<string, unknown>;
}

/** Leases of dynamic secrets; expiry and token/mount removal are applied lazily by `sweep`. */
export class LeaseStore {
  private readonly byId = new Map<string, Lease>();

  create(spec: NewLease, nowMs: number): Lease {
    // vault/expiration.go Register: path.Join(req.Path, base62.Random(24)), plus ".<nsid>" outside root.
    const suffix = spec.ns.path === '' ? '' : `.${spec.ns.id}`;
    const lease: Lease = {
      id: `${trimTrailingSlashes(spec.path)}/${randomAlnum(24)}${suffix}`,
      nsPath: spec.ns.path,
      path: spec.path,
      mountUuid: spec.mountUuid,
      issueMs: nowMs,
      expireMs: nowMs + spec.ttl * 1000,
      lastRenewalMs: 0,
      tokenId: spec.token && (spec.token.type === 'batch' ? spec.token.parentId : spec.token.id),
      owner: spec.owner,
      internal: spec.internal ?? {},
    };
    this.byId.set(lease.id, lease);
    return lease;
  }

  /** A live lease of namespace `nsPath` (after `sweep`), or undefined. */
  get(id: string, nsPath: string): Lease | undefined {
    const lease = this.byId.get(id);
    return lease && lease.nsPath === nsPath ? lease : undefined;
  }

  revoke(lease: Lease): void {
    if (!this.byId.delete(lease.id)) return;
    lease.owner.revoke(lease);
  }

  all(nsPath: string): Lease[] {
    return [...this.byId.values()].filter((l) => l.nsPath === nsPath);
  }

  /**
   * What Vault's expiration manager does in the background: revokes expired leases and the leases
   * of revoked or expired tokens; a lease whose mount is gone is dropped (its engine went with it).
   */
  sweep(core: ServerCore): void {
    const now = core.clock.nowMs();
    for (const lease of [...this.byId.values()]) {
      const ns = core.findNamespace(lease.nsPath);
      const mount = ns?.mounts.match(lease.path);
      if (!mount || mount.uuid !== lease.mountUuid) {
        this.byId.delete(lease.id);
        continue;
      }
      const tokenGone = lease.tokenId !== undefined && !core.tokens.get(lease.tokenId, now);
      if (lease.expireMs <= now || tokenGone) this.revoke(lease);
    }
  }
}

import type { Ctx } from '../types';
import { accessorId, batchTokenId, serviceTokenId } from '../util/ids';

/** What an auth method grants when one of its tokens is renewed (from its role or user as they are now). */
export interface RenewGrant {
  ttl: number;
  maxTtl: number;
  period: number;
  explicitMaxTtl: number;
}

/**
 * The auth method's renew check (Vault's per-backend renew callback): a grant; null when it declines
 * (the user is gone: Vault answers 204 and the token keeps its TTL); an Error to refuse with its text.
 */
export type Renewer = (ctx: Ctx, t: TokenEntry) => RenewGrant | null | Error;

export interface TokenEntry {
  id: string;
  accessor: string;
  /** Sorted, as Vault reports them. */
  policies: string[];
  /** Namespace path the token belongs to ('' = root, 'ns1/' ...). */
  nsPath: string;
  displayName: string;
  /** The path that created it, e.g. `auth/approle/login`. */
  path: string;
  meta: Record<string, string> | null;
  creationTimeMs: number;
  /** Seconds; 0 = never expires. */
  creationTtl: number;
  /** Epoch ms; 0 = never. */
  expireAtMs: number;
  /** Hard limit renewals cannot pass; 0 = none. */
  maxExpireAtMs: number;
  /** The explicit max TTL the token entry shows (a token role's is applied but not shown). */
  explicitMaxTtl: number;
  /** A periodic token's period as the entry shows it (0 or absent: not shown). */
  period?: number;
  renewable: boolean;
  type: 'service' | 'batch';
  /** Remaining uses; 0 = unlimited. */
  numUses: number;
  orphan: boolean;
  entityId: string;
  parentId?: string;
  /** Seconds the renewal grants when no increment is given. */
  renewTtl: number;
  /** The role's or user's max TTL renewals are capped at (0 = the system max). */
  backendMaxTtl?: number;
  lastRenewalMs?: number;
  /** The token role it was created against (auth/token/create/<role>). */
  role?: string;
  renewer?: Renewer;
  /** No lease was registered for it (sys/init's root token): lookups show no issue_time nor renewable. */
  noLease?: boolean;
}

export type NewToken = Omit<TokenEntry, 'id' | 'accessor'> & { id?: string };

export class TokenStore {
  private readonly byId = new Map<string, TokenEntry>();
  private readonly byAccessor = new Map<string, TokenEntry>();
  /** Called for every revoked token (its cubbyhole and wrapped answer go with it). */
  onRevoke?: (t: TokenEntry) => void;

  create(spec: NewToken): TokenEntry {
    const id = spec.id ?? (spec.type === 'batch' ? batchTokenId() : serviceTokenId());
    const entry: TokenEntry = { ...spec, id, accessor: spec.type === 'batch' ? '' : accessorId() };
    this.byId.set(id, entry);
    if (entry.accessor) this.byAccessor.set(entry.accessor, entry);
    return entry;
  }

  /** A live token, or undefined when unknown, revoked or expired (expired ones are dropped). */
  get(id: string, nowMs: number): TokenEntry | undefined {
    const t = this.byId.get(id);
    if (!t) return undefined;
    if (t.expireAtMs && t.expireAtMs <= nowMs) {
      this.revoke(t);
      return undefined;
    }
    return t;
  }

  byAccessorId(accessor: string, nowMs: number): TokenEntry | undefined {
    const t = this.byAccessor.get(accessor);
    return t ? this.get(t.id, nowMs) : undefined;
  }

  /** Revokes the token and, like Vault, every non-orphan child it created. */
  revoke(t: TokenEntry): void {
    if (!this.byId.delete(t.id)) return;
    if (t.accessor) this.byAccessor.delete(t.accessor);
    this.onRevoke?.(t);
    for (const child of [...this.byId.values()]) if (child.parentId === t.id) this.revoke(child);
  }

  all(): IterableIterator<TokenEntry> {
    return this.byId.values();
  }

  ttlSeconds(t: TokenEntry, nowMs: number): number {
    return t.expireAtMs ? Math.max(0, Math.floor((t.expireAtMs - nowMs) / 1000)) : 0;
  }
}

/** Drops every token whose namespace path starts with `nsPath` (namespace deletion). */
export function revokeNamespaceTokens(store: TokenStore, nsPath: string, all: Iterable<TokenEntry>): void {
  for (const t of [...all]) if (t.nsPath.startsWith(nsPath)) store.revoke(t);
}

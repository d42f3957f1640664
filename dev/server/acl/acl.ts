import type { Capability, Policy } from './policy';
import type { Operation } from '../types';

interface CompiledRule {
  path: string;
  caps: Set<Capability>;
  regex: RegExp;
  firstWildcard: number;
  endsWithGlob: boolean;
  plusCount: number;
  literalPrefix: string;
}

/** The policies of one token merged: exact rules by path, glob rules tried by priority. */
export class Acl {
  readonly root: boolean;
  private readonly exact = new Map<string, Set<Capability>>();
  private readonly globs: CompiledRule[] = [];

  constructor(policies: Policy[], root = false) {
    this.root = root;
    const merged = new Map<string, Set<Capability>>();
    for (const p of policies) {
      for (const r of p.rules) {
        // A templated path ({{identity.entity.id}}) is dropped when the ACL is built: the dev
        // server's tokens carry no identity to fill it (vault/policy.go templating skips such paths).
        if (r.path.includes('{{')) continue;
        const caps = merged.get(r.path) ?? new Set<Capability>();
        r.capabilities.forEach((c) => caps.add(c));
        merged.set(r.path, caps);
      }
    }
    for (const [path, raw] of merged) {
      const caps = raw.has('deny') ? new Set<Capability>(['deny']) : raw;
      // Only a trailing '*' is a glob; one elsewhere is a literal character (Vault 1.8 accepts it, recorded).
      const trailing = path.endsWith('*') ? path.length - 1 : -1;
      if (trailing === -1 && plusIndex(path) === -1) {
        this.exact.set(path, caps);
        continue;
      }
      const firstWildcard = Math.min(...[trailing, plusIndex(path)].filter((i) => i >= 0));
      this.globs.push({
        path,
        caps,
        regex: globRegex(path),
        firstWildcard,
        endsWithGlob: path.endsWith('*'),
        plusCount: path.split('/').filter((s) => s === '+').length,
        literalPrefix: path.slice(0, firstWildcard),
      });
    }
    // Highest priority first, so the first glob that matches is the most specific one.
    this.globs.sort((a, b) => (lowerPriority(a, b) ? 1 : lowerPriority(b, a) ? -1 : 0));
  }

  capabilities(path: string): Set<Capability> {
    if (this.root) return ALL;
    const exact = this.exact.get(path);
    if (exact) return exact;
    for (const g of this.globs) if (g.regex.test(path)) return g.caps;
    return NONE;
  }

  allows(path: string, op: Operation | 'sudo'): boolean {
    const caps = this.capabilities(path);
    return !caps.has('deny') && caps.has(op);
  }

  /** Whether any rule grants something inside the mount (Vault's check for sys/internal/ui/mounts). */
  hasMountAccess(mountPath: string): boolean {
    if (this.root) return true;
    const grants = (caps: Set<Capability>) => caps.size > 0 && !caps.has('deny');
    for (const [path, caps] of this.exact) if (path.startsWith(mountPath) && grants(caps)) return true;
    for (const g of this.globs) {
      if (!grants(g.caps)) continue;
      if (g.literalPrefix.startsWith(mountPath) || mountPath.startsWith(g.literalPrefix)) return true;
    }
    return false;
  }
}

const ALL = new Set<Capability>(['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo']);
const NONE = new Set<Capability>();

function plusIndex(path: string): number {
  const segs = path.split('/');
  let idx = 0;
  for (const s of segs) {
    if (s === '+') return idx;
    idx += s.length + 1;
  }
  return -1;
}

function globRegex(path: string): RegExp {
  const glob = path.endsWith('*');
  const body = glob ? path.slice(0, -1) : path;
  const parts = body.split('/').map((seg) => (seg === '+' ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}${glob ? '.*' : ''}$`);
}

/** Vault's priority rules for two matching globs: true when `a` loses to `b`. */
function lowerPriority(a: CompiledRule, b: CompiledRule): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard < b.firstWildcard;
  if (a.endsWithGlob !== b.endsWithGlob) return a.endsWithGlob;
  if (a.plusCount !== b.plusCount) return a.plusCount > b.plusCount;
  if (a.path.length !== b.path.length) return a.path.length < b.path.length;
  return a.path < b.path;
}

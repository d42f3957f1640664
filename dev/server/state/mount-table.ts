import type { Backend, MountEntry } from '../types';
import { hex, uuid } from '../util/ids';
import { trimSlashes } from '../util/slashes';

/** Mounts by path; lookup is longest prefix, the way Vault's router matches. */
export class MountTable {
  private readonly entries = new Map<string, MountEntry>();

  add(entry: Omit<MountEntry, 'accessor' | 'uuid'> & { accessorPrefix: string }): MountEntry {
    const { accessorPrefix, ...rest } = entry;
    const full: MountEntry = { ...rest, accessor: `${accessorPrefix}_${hex(4)}`, uuid: uuid() };
    this.entries.set(full.path, full);
    return full;
  }

  remove(path: string): boolean {
    return this.entries.delete(normalizeMountPath(path));
  }

  get(path: string): MountEntry | undefined {
    return this.entries.get(normalizeMountPath(path));
  }

  all(): MountEntry[] {
    return [...this.entries.values()];
  }

  /** The mount serving `path` (no leading slash): longest prefix; `secret` matches `secret/`. */
  match(path: string): MountEntry | undefined {
    let best: MountEntry | undefined;
    const withSlash = path.endsWith('/') ? path : `${path}/`;
    for (const m of this.entries.values()) {
      if (withSlash.startsWith(m.path) && (!best || m.path.length > best.path.length)) best = m;
    }
    return best;
  }

  /** Whether `path` would nest inside or contain an existing mount. */
  conflict(path: string): MountEntry | undefined {
    const p = normalizeMountPath(path);
    for (const m of this.entries.values()) if (p.startsWith(m.path) || m.path.startsWith(p)) return m;
    return undefined;
  }
}

export function normalizeMountPath(path: string): string {
  const trimmed = trimSlashes(path);
  return `${trimmed}/`;
}

export type { Backend };

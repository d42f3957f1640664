import type { MountEntry } from '../types';

/** A mount as sys/mounts, sys/auth and sys/internal/ui/mounts show it. */
export function mountJson(m: MountEntry): Record<string, unknown> {
  return {
    accessor: m.accessor,
    config: m.config,
    description: m.description,
    external_entropy_access: false,
    local: m.local,
    options: m.options,
    seal_wrap: false,
    type: m.type,
    uuid: m.uuid,
  };
}

export function mountListing(mounts: MountEntry[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of [...mounts].sort((a, b) => a.path.localeCompare(b.path))) out[m.path] = mountJson(m);
  return out;
}

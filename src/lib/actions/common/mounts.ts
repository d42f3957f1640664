import { z } from 'zod';
import type { VaultClient } from '../../vault/types';
import { encodePath } from './segments';

export interface MountInfo {
  /** With a trailing slash, e.g. `secret/` or `team/app/kv/`. */
  path: string;
  type: string;
  /** For `kv` mounts. */
  kvVersion?: 1 | 2;
}

const mountsAnswer = z.object({
  data: z.record(
    z.string(),
    z
      .object({
        type: z.string(),
        options: z.record(z.string(), z.unknown()).nullish(),
      })
      .loose(),
  ),
});

/**
 * Mounts of the given types from `sys/mounts`, sorted by path; `null` when the token may not read
 * `sys/mounts` (least-privilege policies rarely grant it), so callers can ask for a typed mount.
 */
export async function listMounts(client: VaultClient, types: string[]): Promise<MountInfo[] | null> {
  const res = await client.request({
    method: 'GET',
    path: 'sys/mounts',
    schema: mountsAnswer,
    acceptStatuses: [403, 404],
    idempotent: true,
  });
  if (res.status !== 200 && res.status !== 204) return null;
  const body = res.body as z.infer<typeof mountsAnswer>;
  return Object.entries(body.data)
    .filter(([, m]) => types.includes(m.type))
    .map(([path, m]) => {
      const info: MountInfo = { path: path.endsWith('/') ? path : `${path}/`, type: m.type };
      if (m.type === 'kv') info.kvVersion = String(m.options?.['version'] ?? '1') === '2' ? 2 : 1;
      return info;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

const keysAnswer = z.object({ data: z.object({ keys: z.array(z.string()).nullish() }) });

/** Key names of a transit mount; `[]` when it has none. Needs `list` on `<mount>/keys`. */
export async function listTransitKeys(client: VaultClient, transitPath: string): Promise<string[]> {
  const res = await client.request({
    method: 'LIST',
    path: `${encodePath(transitPath)}/keys`,
    schema: keysAnswer,
    acceptStatuses: [404],
    idempotent: true,
    access: 'read',
  });
  if (res.status === 404) {
    // An empty mount answers `404 {"errors":[]}`; a path with no transit engine names the route.
    const errors = (res.body as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      throw new Error(
        `No transit secrets engine at "${transitPath}/" on ${client.config.url} (Vault: ${errors.map(String).join('; ')}). ` +
          'Check the "Transit mount path" prop.',
      );
    }
    return [];
  }
  return [...((res.body as z.infer<typeof keysAnswer>).data.keys ?? [])].sort();
}

import { z } from 'zod';
import { isVaultError } from '../errors';
import type { VaultRequester } from './requester';

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
 * Secrets engine mounts of the given types from `GET sys/mounts`, sorted by path; `null` when the
 * token may not read `sys/mounts` (least-privilege policies rarely grant it) or the endpoint is not
 * there, so callers can ask for a mount by name instead.
 */
export async function listMounts(vault: VaultRequester, types: string[]): Promise<MountInfo[] | null> {
  let data: z.infer<typeof mountsAnswer>['data'];
  try {
    data = (await vault.request({ method: 'GET', path: 'sys/mounts', schema: mountsAnswer, idempotent: true, access: 'read' })).body.data;
  } catch (e) {
    if (isVaultError(e) && (e.kind === 'permission_denied' || e.kind === 'not_found')) return null;
    throw e;
  }
  return Object.entries(data)
    .filter(([, m]) => types.includes(m.type))
    .map(([path, m]) => {
      const info: MountInfo = { path: path.endsWith('/') ? path : `${path}/`, type: m.type };
      if (m.type === 'kv') info.kvVersion = String(m.options?.['version'] ?? '1') === '2' ? 2 : 1;
      return info;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

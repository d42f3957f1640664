import { z } from 'zod';

const versionSchema = z.object({
  created_time: z.string(),
  deletion_time: z.string().nullish().transform((v) => v ?? ''),
  destroyed: z.boolean().nullish().transform((v) => v ?? false),
});

const metadataSchema = z.object({
  current_version: z.number().int().nonnegative(),
  updated_time: z.string().nullish(),
  versions: z.record(z.string(), versionSchema).nullish().transform((v) => v ?? {}),
});

export type Kv2Metadata = z.infer<typeof metadataSchema>;
export type Kv2VersionInfo = z.infer<typeof versionSchema>;

/** The `metadata/` answer of a KV v2 secret (its `data`, or the whole body). */
export function parseKv2Metadata(raw: unknown, path: string): Kv2Metadata {
  const candidate = raw && typeof raw === 'object' && 'data' in raw && !('current_version' in raw) ? (raw as { data: unknown }).data : raw;
  const parsed = metadataSchema.safeParse(candidate);
  if (!parsed.success) throw new Error(`Vault answered the metadata of "${path}" in an unexpected shape (no current_version/versions).`);
  return parsed.data;
}

/** Soft-deleted (deletion time reached) or destroyed. A future deletion_time (delete_version_after) is not yet a deletion. */
export function isVersionGone(info: Kv2VersionInfo | undefined, now = Date.now()): boolean {
  if (!info) return true;
  if (info.destroyed) return true;
  if (!info.deletion_time) return false;
  const at = Date.parse(info.deletion_time);
  return Number.isNaN(at) || at <= now;
}

import { z } from 'zod';
import type { KvVersionInfo } from '../types';

/** A secret's key/value map: any JSON object, taken as Vault sent it (no per-key copy, no key dropped). */
export const kvRecordSchema = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected a JSON object of key/value pairs',
);

/** A version's metadata: `data.metadata` of a KV v2 read, `data` of a KV v2 write/patch answer. Fields Vault may add are kept. */
export const versionMetadataSchema = z
  .object({
    version: z.number(),
    created_time: z.string(),
    deletion_time: z.string(),
    destroyed: z.boolean(),
    custom_metadata: z.record(z.string(), z.string()).nullish(),
  })
  .loose();

/** `GET <mount>/data/<path>`: 200, or 404 for a deleted/destroyed version (then `data.data` is null). */
export const kv2ReadSchema = z.object({
  data: z
    .object({
      data: kvRecordSchema.nullable(),
      metadata: versionMetadataSchema.nullish(),
    })
    .nullish(),
});

export type Kv2ReadAnswer = z.infer<typeof kv2ReadSchema>;

export const kv2WriteSchema = z.object({ data: versionMetadataSchema });

export const kv1ReadSchema = z.object({ data: kvRecordSchema.nullish() });

export const listSchema = z.object({ data: z.object({ keys: z.array(z.string()) }) });

const versionInfoSchema = z
  .object({
    created_time: z.string(),
    deletion_time: z.string().nullish().transform((v) => v ?? ''),
    destroyed: z.boolean().nullish().transform((v) => v ?? false),
  })
  .loose();

/** `GET <mount>/metadata/<path>`. */
export const metadataSchema = z.object({
  data: z
    .object({
      current_version: z.number().int().nonnegative(),
      versions: z.record(z.string(), versionInfoSchema).nullish().transform((v) => v ?? {}),
    })
    .loose(),
});

/** Soft-deleted (deletion time reached) or destroyed. A future deletion_time (delete_version_after) is not yet a deletion. */
export function isVersionGone(info: KvVersionInfo | undefined, now = Date.now()): boolean {
  if (!info) return true;
  if (info.destroyed) return true;
  if (!info.deletion_time) return false;
  const at = Date.parse(info.deletion_time);
  return Number.isNaN(at) || at <= now;
}

/** `GET sys/internal/ui/mounts/<path>`: the mount, or Vault's refusal (403/404). */
export const uiMountAnswerSchema = z.union([
  z.object({
    data: z.object({
      path: z.string(),
      type: z.string(),
      options: z.record(z.string(), z.unknown()).nullish(),
    }),
  }),
  z.object({ errors: z.array(z.string()) }),
]);

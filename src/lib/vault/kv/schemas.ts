import { z } from 'zod';

/** `data.metadata` of a KV v2 read, and the body of a KV v2 write/patch. */
export const versionMetadataSchema = z.object({
  version: z.number(),
  created_time: z.string(),
  deletion_time: z.string().default(''),
  destroyed: z.boolean().default(false),
  custom_metadata: z.record(z.string(), z.string()).nullish(),
});

/** A secret's key/value map: any JSON object (its keys are strings by construction; no per-key walk). */
export const kvRecordSchema = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected a JSON object of key/value pairs',
);

/** `GET <mount>/data/<path>`: 200, or 404 for a deleted/destroyed version (then `data` is null). */
export const kv2ReadSchema = z.object({
  data: z
    .object({
      data: kvRecordSchema.nullable(),
      metadata: versionMetadataSchema.nullish(),
    })
    .nullish(),
  warnings: z.array(z.string()).nullish(),
});

export const kv2WriteSchema = z.object({ data: versionMetadataSchema });

export const kv1ReadSchema = z.object({ data: kvRecordSchema.nullish() });

export const listSchema = z.object({ data: z.object({ keys: z.array(z.string()) }) });

export const metadataSchema = z.object({ data: kvRecordSchema });

/** `GET sys/internal/ui/mounts/<path>`. */
export const uiMountSchema = z.object({
  data: z.object({
    path: z.string(),
    type: z.string(),
    options: z.record(z.string(), z.unknown()).nullish(),
  }),
});

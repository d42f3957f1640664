import { z } from 'zod';
import type { KvVersionInfo, KvVersionMetadata } from '../types';

// The KV v2 answers on every read's and write's path are checked by plain functions inside zod
// rather than nested `z.object`s: zod's object machinery (a payload per field, a copy per level)
// measured ~8 µs per cold read with a loopback server, ~4% of the read (the bench's budget over a raw
// GET is 10%). A problem still names the field; the answer is passed on as parsed, not copied.

const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A problem found in an answer: where, and what was expected there. */
type Problem = [where: string, expected: string];

const expectation = (problem: Problem | undefined, what: string) => {
  const [where, expected] = problem ?? ['the answer', what];
  return `expected ${where} to be ${expected}`;
};

/** Each field of a version's metadata and what it must be (null/absent custom_metadata is fine). */
const VERSION_METADATA_FIELDS: ReadonlyArray<readonly [keyof KvVersionMetadata, (v: unknown) => boolean, string]> = [
  ['version', (v) => typeof v === 'number', 'a number'],
  ['created_time', (v) => typeof v === 'string', 'a string'],
  ['deletion_time', (v) => typeof v === 'string', 'a string'],
  ['destroyed', (v) => typeof v === 'boolean', 'true or false'],
  ['custom_metadata', (v) => v == null || (isJsonObject(v) && Object.values(v).every((s) => typeof s === 'string')), 'null or an object of strings'],
];

function versionMetadataProblem(meta: unknown, at: string): Problem | undefined {
  if (!isJsonObject(meta)) return [at || 'the version metadata', 'an object'];
  for (const [field, ok, expected] of VERSION_METADATA_FIELDS) {
    if (!ok(meta[field])) return [`${at}${at ? '.' : ''}${field}`, expected];
  }
  return undefined;
}

/** A version's metadata: `data.metadata` of a KV v2 read, `data` of a KV v2 write/patch answer. */
export const versionMetadataSchema = z.custom<KvVersionMetadata>((meta) => versionMetadataProblem(meta, '') === undefined, {
  error: (issue) => expectation(versionMetadataProblem(issue.input, ''), 'version metadata'),
});

/** A secret's key/value map: any JSON object (its keys are strings by construction; no per-key walk). */
export const kvRecordSchema = z.custom<Record<string, unknown>>(isJsonObject, 'expected a JSON object of key/value pairs');

/** `GET <mount>/data/<path>`: 200, or 404 for a deleted/destroyed version (then `data.data` is null). */
export interface Kv2ReadAnswer {
  data?: { data: Record<string, unknown> | null; metadata?: KvVersionMetadata | null } | null;
}

function kv2ReadProblem(answer: unknown): Problem | undefined {
  if (!isJsonObject(answer)) return ['the answer', 'an object'];
  const outer = answer.data;
  if (outer == null) return undefined;
  if (!isJsonObject(outer)) return ['data', 'an object or null'];
  if (outer.data !== null && !isJsonObject(outer.data)) return ['data.data', 'a JSON object of key/value pairs or null'];
  return outer.metadata == null ? undefined : versionMetadataProblem(outer.metadata, 'data.metadata');
}

export const kv2ReadSchema = z.custom<Kv2ReadAnswer>((answer) => kv2ReadProblem(answer) === undefined, {
  // Worked out again only for an answer that failed.
  error: (issue) => expectation(kv2ReadProblem(issue.input), 'a KV v2 read answer'),
});

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

import { z } from 'zod';
import type { KvVersionMetadata } from '../types';

/** `data.metadata` of a KV v2 read, and the body of a KV v2 write/patch. */
export const versionMetadataSchema = z.object({
  version: z.number(),
  created_time: z.string(),
  deletion_time: z.string(),
  destroyed: z.boolean(),
  custom_metadata: z.record(z.string(), z.string()).nullish(),
});

/** A secret's key/value map: any JSON object (its keys are strings by construction; no per-key walk). */
export const kvRecordSchema = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected a JSON object of key/value pairs',
);

/** `GET <mount>/data/<path>`: 200, or 404 for a deleted/destroyed version (then `data.data` is null). */
export interface Kv2ReadAnswer {
  data?: { data: Record<string, unknown> | null; metadata?: KvVersionMetadata | null } | null;
}

const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each field of a version's metadata and what it must be (null/absent custom_metadata is fine). */
const VERSION_METADATA_FIELDS: ReadonlyArray<readonly [keyof KvVersionMetadata, (v: unknown) => boolean, string]> = [
  ['version', (v) => typeof v === 'number', 'a number'],
  ['created_time', (v) => typeof v === 'string', 'a string'],
  ['deletion_time', (v) => typeof v === 'string', 'a string'],
  ['destroyed', (v) => typeof v === 'boolean', 'true or false'],
  ['custom_metadata', (v) => v == null || (isJsonObject(v) && Object.values(v).every((s) => typeof s === 'string')), 'null or an object of strings'],
];

/** The first thing wrong with a KV v2 read answer, as `[where, expectation]`; undefined when it is sound. */
function kv2ReadProblem(answer: unknown): [string, string] | undefined {
  if (!isJsonObject(answer)) return ['the answer', 'an object'];
  const outer = answer.data;
  if (outer == null) return undefined;
  if (!isJsonObject(outer)) return ['data', 'an object or null'];
  if (outer.data !== null && !isJsonObject(outer.data)) return ['data.data', 'a JSON object of key/value pairs or null'];
  const meta = outer.metadata;
  if (meta == null) return undefined;
  if (!isJsonObject(meta)) return ['data.metadata', 'an object or null'];
  for (const [field, ok, expected] of VERSION_METADATA_FIELDS) {
    if (!ok(meta[field])) return [`data.metadata.${field}`, expected];
  }
  return undefined;
}

/**
 * The answer of every cold read, so checked by one function inside zod rather than nested
 * `z.object`s: zod's object machinery (a payload per field, a copy per level) measured ~8 µs per
 * read with a loopback server, ~4% of the read (issue 8's budget over a raw GET is 10%). The
 * problem still names the field; the answer is passed on as parsed, not copied.
 */
export const kv2ReadSchema = z.custom<Kv2ReadAnswer>((answer) => kv2ReadProblem(answer) === undefined, {
  // Worked out again only for an answer that failed.
  error: (issue) => {
    const [where, expected] = kv2ReadProblem(issue.input) ?? ['the answer', 'a KV v2 read answer'];
    return `expected ${where} to be ${expected}`;
  },
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

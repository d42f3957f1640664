import { z } from 'zod';
import { VaultError } from '../../vault/errors';
import { MAX_PATH_LENGTH } from '../../vault/paths';

export const watchPropsSchema = z.object({
  path: z
    .string({ error: 'Path is required: a secret (`secret/app/db`) or a folder ending in `/` (`secret/app/`).' })
    .trim()
    .min(1, 'Path is required: a secret (`secret/app/db`) or a folder ending in `/` (`secret/app/`).')
    .max(MAX_PATH_LENGTH, `Path is longer than ${MAX_PATH_LENGTH} characters`),
  includeDeletions: z.boolean().nullish().transform((v) => v ?? false),
  includeValues: z.boolean().nullish().transform((v) => v ?? false),
});

export const folderPropsSchema = z.object({
  folder: z
    .string({ error: 'Folder is required, e.g. `secret/app/`.' })
    .trim()
    .min(1, 'Folder is required, e.g. `secret/app/`.')
    .max(MAX_PATH_LENGTH, `Folder is longer than ${MAX_PATH_LENGTH} characters`)
    .transform((f) => (f.endsWith('/') ? f : `${f}/`)),
});

export function parseTriggerProps<T extends z.ZodType>(trigger: string, schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new VaultError({ kind: 'invalid_input', summary: `${trigger}: ${parsed.error.issues.slice(0, 5).map((i) => i.message).join('; ')}`, hint: '' });
  return parsed.data;
}

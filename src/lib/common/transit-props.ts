import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientFor } from './client';
import { isVaultError, retell } from '../vault/errors';
import { listMounts } from '../vault/engines/sys-mounts';
import { TRANSIT_HASH_ALGORITHMS, TransitEngine } from '../vault/engines/transit';
import type { VaultClient } from '../vault/types';
import { textToBase64 } from './base64';
import { mountPathProp, nameSegment } from './segments';
import { ActionInputError, blankToUndefined } from './validate';
import { trimSlashes } from '../vault/paths';

export const transitPathProp = Property.ShortText({
  displayName: 'Transit mount path',
  description: 'Where the transit secrets engine is mounted (default `transit`).',
  required: false,
  defaultValue: 'transit',
});

/**
 * Key names of a transit mount, sorted; `[]` when it has none. Needs `list` on `<mount>/keys`.
 * A mount with no transit engine fails with a message naming the prop.
 */
export async function listTransitKeys(client: VaultClient, transitPath: string): Promise<string[]> {
  try {
    return await new TransitEngine(client, transitPath).listKeys();
  } catch (e) {
    if (!isVaultError(e) || e.kind !== 'not_found') throw e;
    throw retell(e, { kind: 'not_found', summary: `No transit secrets engine at "${transitPath}/"`, hint: 'Check the "Transit mount path" prop.' });
  }
}

function cleanMount(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' ? trimSlashes(value.trim()) : 'transit';
}

function typedOption(typed: string | undefined) {
  return typed ? [{ label: `Use "${typed}"`, value: typed }] : [];
}

/**
 * Lists the transit keys of `transitPath`. The framework's Dropdown has no free text, so it
 * refreshes on search and offers whatever the person typed as an option: a key stays usable when
 * the token may not list keys.
 */
export const transitKeyProp = Property.Dropdown<string, true, typeof vaultAuth>({
  auth: vaultAuth,
  displayName: 'Key',
  description: 'The transit key. Pick one, or type its name if the connection may not list keys.',
  required: true,
  refreshers: ['transitPath'],
  refreshOnSearch: true,
  options: async (props, ctx) => {
    if (!props.auth) return { disabled: true, options: [], placeholder: 'Connect to Vault first' };
    const typed = ctx?.searchValue?.trim() || undefined;
    const mount = cleanMount(props['transitPath']);
    let client;
    try {
      client = clientFor(props.auth);
    } catch (err) {
      return { disabled: true, options: [], placeholder: `Fix the connection first: ${(err as Error).message}` };
    }
    try {
      const keys = await listTransitKeys(client, mount);
      const options = keys.map((k) => ({ label: k, value: k }));
      const extra = typed && !keys.includes(typed) ? typedOption(typed) : [];
      return {
        options: [...extra, ...options.filter((o) => !typed || o.value.includes(typed))],
        placeholder: keys.length === 0 ? `No keys in ${mount}/ yet: type a key name` : undefined,
      };
    } catch (err) {
      const mounts = await listMounts(client, ['transit']).catch(() => null);
      const hint = mounts && mounts.length > 0 ? ` Transit mounts: ${mounts.map((m) => m.path).join(', ')}.` : '';
      return {
        options: typedOption(typed),
        placeholder: `Cannot list keys of ${mount}/ (${(err as Error).message}). Type the key name.${hint}`,
      };
    }
  },
});

export const transitInputProp = Property.LongText({
  displayName: 'Input',
  description: 'The data: plain text (any Unicode), or base64 bytes when "Input encoding" is `base64`.',
  required: true,
});

export const inputEncodingProp = Property.StaticDropdown({
  displayName: 'Input encoding',
  description: '`text` (default): the input is text, sent as its UTF-8 bytes. `base64`: the input already is base64 bytes (a file, a hash).',
  required: false,
  defaultValue: 'text',
  options: {
    options: [
      { label: 'Text', value: 'text' },
      { label: 'Base64', value: 'base64' },
    ],
  },
});

/** A dropdown of Vault 1.8's hash algorithms (sha2-256 when empty). */
export function hashAlgorithmProp(displayName: string, description: string) {
  return Property.StaticDropdown({
    displayName,
    description,
    required: false,
    options: { options: TRANSIT_HASH_ALGORITHMS.map((a) => ({ label: a, value: a })) },
  });
}

export const optionalHashAlgorithm = (what: string) =>
  z.preprocess(blankToUndefined, z.enum(TRANSIT_HASH_ALGORITHMS, { error: `${what} must be one of ${TRANSIT_HASH_ALGORITHMS.join(', ')}` }).optional());

/** The checks of the key and the mount every transit action has. */
export const transitKeySchema = {
  key: nameSegment('Key'),
  transitPath: mountPathProp('Transit mount path', 'transit'),
};

/** Canonical base64 (padding included), checked in linear time. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `input` + `inputEncoding` props, read together into the base64 Vault expects. */
export const transitInputSchema = {
  input: z.preprocess((v) => (v === null ? undefined : v), z.string({ error: 'Input is required (text)' })),
  inputEncoding: z.preprocess((v) => blankToUndefined(v) ?? 'text', z.enum(['text', 'base64'], { error: 'Input encoding must be text or base64' })),
};

/** The input as base64, or the refusal of base64 that is not (naming the prop, never the value). */
export function inputAsBase64(actionName: string, props: { input: string; inputEncoding: 'text' | 'base64' }): string {
  if (props.inputEncoding === 'text') return textToBase64(props.input);
  const b64 = props.input.replace(/\s+/g, '');
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) {
    throw new ActionInputError(`${actionName}: invalid input. "input": Input is not base64 (set "Input encoding" to text for plain text)`);
  }
  return b64;
}

/** The props an action that feeds data to a transit key shows first (sign, HMAC, verify). */
export const transitDataProps = {
  key: transitKeyProp,
  input: transitInputProp,
  inputEncoding: inputEncodingProp,
};

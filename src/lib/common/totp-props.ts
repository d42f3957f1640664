import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { nameSegment } from './segments';

export const totpPathProp = Property.ShortText({
  displayName: 'TOTP mount path',
  description: 'Where the TOTP secrets engine is mounted (default `totp`).',
  required: false,
  defaultValue: 'totp',
});

export const totpNameProp = Property.ShortText({
  displayName: 'Key name',
  description: 'The TOTP key, e.g. `alice@example.com`: letters, digits, `_`, `-`, `.` and `@`, starting and ending with a letter or digit.',
  required: true,
});

/** framework.GenericNameWithAtRegex, the names Vault's TOTP paths accept (linear: one anchored class run). */
const TOTP_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.@-]*[A-Za-z0-9_])?$/;

export const totpName = nameSegment('Key name').refine(
  (s) => TOTP_NAME.test(s),
  'Key name may hold only letters, digits, "_", "-", "." and "@", and must start and end with a letter, digit or "_"',
);

/** A code as typed: digits, spaces and dashes people put in between ignored. */
export const totpCode = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : typeof v === 'string' ? v.replace(/[\s-]/g, '') : v),
  z.string({ error: 'Code is required (text)' }).min(1, 'Code is required').max(32, 'Code is too long'),
);

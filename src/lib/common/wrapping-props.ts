import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { optionalDuration, requiredText } from './validate';

export const DEFAULT_WRAP_TTL = '15m';
/** Vault's default maximum TTL (768h); a hand-off token should live minutes. */
const MAX_WRAP_TTL_SECONDS = 768 * 3600;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a duration already shaped `\d+[smhd]?` (a long digit string becomes Infinity, refused as too long). */
function seconds(duration: string): number {
  const unit = duration.slice(-1);
  const factor = UNIT_SECONDS[unit];
  return Number(factor ? duration.slice(0, -1) : duration) * (factor ?? 1);
}

export const wrapTtlProp = Property.ShortText({
  displayName: 'Wrap TTL',
  description: `How long the wrapping token can be used: \`15m\`, \`1h\`, \`2d\`, or seconds. Default ${DEFAULT_WRAP_TTL}. Keep it short: until it is used, whoever holds the token can unwrap it.`,
  required: false,
  defaultValue: DEFAULT_WRAP_TTL,
});

/** A positive Vault duration; `0` would ask Vault not to wrap, which would return the value itself. */
export const wrapTtlSchema = optionalDuration('Wrap TTL')
  .refine((v) => v === undefined || seconds(v) > 0, 'Wrap TTL must be more than 0')
  .refine((v) => v === undefined || seconds(v) <= MAX_WRAP_TTL_SECONDS, 'Wrap TTL must be at most 32 days (768h): a hand-off token should not live longer')
  .transform((v) => v ?? DEFAULT_WRAP_TTL);

export const wrappingTokenProp = Property.ShortText({
  displayName: 'Wrapping token',
  description: 'The single-use token from Wrap Secret or Wrap Data (or `vault ... -wrap-ttl=...`). It is a secret: map it from a step, do not paste it into the flow.',
  required: true,
});

/** Vault tokens are `hvs.`/`s.`/`b.` followed by base62 or base64url text; anything else is refused without echoing it. */
export const wrappingTokenSchema = requiredText('Wrapping token').pipe(
  z
    .string()
    .max(4096, 'Wrapping token is too long to be a Vault token')
    .regex(/^[A-Za-z0-9._+/=-]+$/, 'Wrapping token may only hold letters, digits and . _ - + / ='),
);

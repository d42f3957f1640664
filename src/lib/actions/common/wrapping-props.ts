import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { optionalDuration, requiredText } from './validate';

export const DEFAULT_WRAP_TTL = '15m';

export const wrapTtlProp = Property.ShortText({
  displayName: 'Wrap TTL',
  description: `How long the wrapping token can be used: \`15m\`, \`1h\`, \`2d\`, or seconds. Default ${DEFAULT_WRAP_TTL}. Keep it short: until it is used, whoever holds the token can unwrap it.`,
  required: false,
  defaultValue: DEFAULT_WRAP_TTL,
});

/** A positive Vault duration; `0` would ask Vault not to wrap, which would return the value itself. */
export const wrapTtlSchema = optionalDuration('Wrap TTL')
  .refine((v) => v === undefined || !/^0+[smhd]?$/.test(v), 'Wrap TTL must be more than 0')
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

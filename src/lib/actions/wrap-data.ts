import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { WrappingEngine } from '../vault/engines/wrapping';
import { clientFor } from '../common/client';
import { nestingWithin, MAX_NESTING, parseJsonText } from '../common/json-input';
import { parseProps } from '../common/validate';
import { wrapTtlProp, wrapTtlSchema } from '../common/wrapping-props';

const propsSchema = z.object({
  data: z.preprocess(
    parseJsonText,
    z
      .record(z.string(), z.unknown(), { error: 'Data must be a JSON object, e.g. {"password": "..."}' })
      .refine((d) => Object.keys(d).length > 0, 'Data must hold at least one key')
      .refine((d) => nestingWithin(d), `Data is nested more than ${MAX_NESTING} levels deep; flatten it.`),
  ),
  wrapTtl: wrapTtlSchema,
});

export const wrapData = createAction({
  auth: vaultAuth,
  name: 'wrap_data',
  displayName: 'Wrap Data (One-Time Hand-Off)',
  description:
    'Puts any JSON object behind a single-use wrapping token (`sys/wrapping/wrap`): give the token to a person or another system, ' +
    'who unwraps it once before the Wrap TTL ends. Returns `{token, accessor, ttl, creationTime, creationPath}`. Refused on read-only connections.',
  props: {
    data: Property.Json({
      displayName: 'Data',
      description: 'A JSON object, e.g. `{"password": "..."}`.',
      required: true,
    }),
    wrapTtl: wrapTtlProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Puts a JSON object behind a single-use wrapping token (valid for wrapTtl, default 15m) to hand it to someone once; returns the token, not the data. ' +
      'Every call creates a new token.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('wrap_data', propsSchema, context.propsValue);
    return new WrappingEngine(clientFor(context.auth)).wrapData(props.data, props.wrapTtl);
  },
});

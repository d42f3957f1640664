import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { WrappingEngine } from '../vault/engines/wrapping';
import { clientForRead } from '../common/client';
import { parseProps } from '../common/validate';
import { wrappingTokenProp, wrappingTokenSchema } from '../common/wrapping-props';

const propsSchema = z.object({ wrappingToken: wrappingTokenSchema });

export const unwrap = createAction({
  auth: vaultAuth,
  name: 'unwrap',
  displayName: 'Unwrap',
  description:
    'Returns what a wrapping token holds and uses the token up: `{data, auth, leaseId, leaseDuration}` (for a wrapped KV v2 read, `data` is `{data, metadata}`). ' +
    'A token already used or expired fails with a message saying so. The output is the secret and is stored in the run history: ' +
    'to use a secret without storing it, see Send HTTP Request. Refused on write-only connections.',
  props: { wrappingToken: wrappingTokenProp },
  // The output is the wrapped secret: not a tool for agents.
  audience: 'human',
  aiMetadata: {
    description: 'Returns the secret a wrapping token holds (it enters the context) and uses the token up; a second call fails.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('unwrap', propsSchema, context.propsValue);
    return new WrappingEngine(await clientForRead(context)).unwrap(props.wrappingToken);
  },
});

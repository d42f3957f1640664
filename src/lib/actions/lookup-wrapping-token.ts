import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { WrappingEngine } from '../vault/engines/wrapping';
import { clientForRead } from '../common/client';
import { parseProps } from '../common/validate';
import { wrappingTokenProp, wrappingTokenSchema } from '../common/wrapping-props';

const propsSchema = z.object({ wrappingToken: wrappingTokenSchema });

export const lookupWrappingToken = createAction({
  auth: vaultAuth,
  name: 'lookup_wrapping_token',
  displayName: 'Look Up Wrapping Token',
  description:
    'Tells where a wrapping token comes from (`creationPath`, e.g. `secret/data/app/db`), when it was made and its TTL in seconds, without using it up. ' +
    'Check `creationPath` before unwrapping a token someone gave you. A token already used or expired fails with a message saying so.',
  props: { wrappingToken: wrappingTokenProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Checks a wrapping token without using it: returns creationPath (what was wrapped), creationTime and creationTtl (seconds). Fails when the token was used or expired. Reveals no secret.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('lookup_wrapping_token', propsSchema, context.propsValue);
    return new WrappingEngine(await clientForRead(context)).lookup(props.wrappingToken);
  },
});

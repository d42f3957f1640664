import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TokenEngine } from '../vault/engines/tokens';
import { clientForRead } from '../common/client';
import { accessorProp } from '../common/token-props';
import { parseProps, requiredText } from '../common/validate';

const propsSchema = z.object({ accessor: requiredText('Token accessor') });

export const lookupToken = createAction({
  auth: vaultAuth,
  name: 'lookup_token',
  displayName: 'Look Up Token',
  description:
    'Looks a token up by its accessor: policies, seconds left (`ttl`), expiry time, uses left. Never returns the token itself.',
  props: { accessor: accessorProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Looks a token up by its accessor (policies, TTL, expiry, uses left); never returns the token.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('lookup_token', propsSchema, context.propsValue);
    const tokens = new TokenEngine(await clientForRead(context));
    return tokens.lookupAccessor(props.accessor);
  },
});

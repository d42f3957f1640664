import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TokenEngine } from '../vault/engines/tokens';
import { clientFor } from '../common/client';
import { accessorProp } from '../common/token-props';
import { parseProps, requiredText } from '../common/validate';

const propsSchema = z.object({ accessor: requiredText('Token accessor') });

export const revokeToken = createAction({
  auth: vaultAuth,
  name: 'revoke_token',
  displayName: 'Revoke Token',
  description: 'Revokes a token (and its child tokens) by its accessor; it stops working at once.',
  props: { accessor: accessorProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Revokes a token and its child tokens by accessor: they stop working at once, permanently.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('revoke_token', propsSchema, context.propsValue);
    const tokens = new TokenEngine(clientFor(context.auth));
    await tokens.revokeAccessor(props.accessor);
    return { revoked: true, accessor: props.accessor };
  },
});

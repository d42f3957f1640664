import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { LeasesEngine } from '../vault/engines/leases';
import { clientFor } from '../common/client';
import { leaseIdProp, leaseIdSchema } from '../common/lease-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({ leaseId: leaseIdSchema });

export const revokeLease = createAction({
  auth: vaultAuth,
  name: 'revoke_lease',
  displayName: 'Revoke Lease',
  description: 'Revokes the lease of a dynamic secret (`sys/leases/revoke`): its credentials stop working at once (e.g. the database user is dropped).',
  props: { leaseId: leaseIdProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Revokes a lease: its credentials stop working at once (e.g. the database user is dropped).',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('revoke_lease', propsSchema, context.propsValue);
    await new LeasesEngine(clientFor(context.auth)).revoke(props.leaseId);
    return { revoked: true as const };
  },
});

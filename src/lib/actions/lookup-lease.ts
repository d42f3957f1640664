import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { LeasesEngine } from '../vault/engines/leases';
import { clientForRead } from '../common/client';
import { leaseIdProp, leaseIdSchema } from '../common/lease-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({ leaseId: leaseIdSchema });

export const lookupLease = createAction({
  auth: vaultAuth,
  name: 'lookup_lease',
  displayName: 'Look Up Lease',
  description:
    'Looks a lease up (`sys/leases/lookup`): `expireTime` and `issueTime` (ISO 8601), seconds left (`ttl`), whether it is renewable. Never returns the secret.',
  props: { leaseId: leaseIdProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Returns a lease\'s expiry, TTL and renewability; no credentials.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('lookup_lease', propsSchema, context.propsValue);
    return new LeasesEngine(await clientForRead(context)).lookup(props.leaseId);
  },
});

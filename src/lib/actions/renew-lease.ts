import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { LeasesEngine } from '../vault/engines/leases';
import { clientFor } from '../common/client';
import { leaseIdProp, leaseIdSchema } from '../common/lease-props';
import { optionalDuration, parseProps } from '../common/validate';

const propsSchema = z.object({ leaseId: leaseIdSchema, increment: optionalDuration('Increment') });

export const renewLease = createAction({
  auth: vaultAuth,
  name: 'renew_lease',
  displayName: 'Renew Lease',
  description:
    'Extends the lease of a dynamic secret (`sys/leases/renew`) so its credentials keep working. Vault may grant less than asked ' +
    '(capped by the max TTL): `leaseDuration` says what was granted.',
  props: {
    leaseId: leaseIdProp,
    increment: Property.ShortText({
      displayName: 'Increment',
      description: 'How long to extend from now: `1h`, `30m`, or seconds. Empty = the engine\'s default.',
      required: false,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Extends a lease from now by the increment; repeating moves the expiry again.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('renew_lease', propsSchema, context.propsValue);
    const leases = new LeasesEngine(clientFor(context.auth));
    return leases.renew({ leaseId: props.leaseId, increment: props.increment });
  },
});

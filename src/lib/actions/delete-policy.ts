import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PolicyEngine } from '../vault/engines/policies';
import { clientFor } from '../common/client';
import { policyNameProp } from '../common/policy-props';
import { nameSegment } from '../common/segments';
import { parseProps } from '../common/validate';

const propsSchema = z.object({ name: nameSegment('Policy name') });

export const deletePolicy = createAction({
  auth: vaultAuth,
  name: 'delete_policy',
  displayName: 'Delete Policy',
  description:
    'Deletes an ACL policy. Tokens that had it lose its permissions at once. Deleting a policy that does not exist succeeds.',
  props: { name: policyNameProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Deletes an ACL policy: tokens holding it lose its permissions at once.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('delete_policy', propsSchema, context.propsValue);
    const policies = new PolicyEngine(clientFor(context.auth));
    await policies.delete(props.name);
    return { deleted: true, name: props.name };
  },
});

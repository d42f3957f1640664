import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForWrite } from './common/client';
import { policyApiPath, policyNameProp } from './common/policy-props';
import { nameSegment } from './common/segments';
import { parseProps } from './common/validate';

const propsSchema = z.object({ name: nameSegment('Policy name') });

export const deletePolicy = createAction({
  auth: vaultAuth,
  name: 'delete_policy',
  displayName: 'Delete Policy',
  description:
    'Deletes an ACL policy. Tokens that had it lose its permissions at once. Deleting a policy that does not exist succeeds.',
  props: { name: policyNameProp },
  async run(context) {
    const props = parseProps('delete_policy', propsSchema, context.propsValue);
    const client = await clientForWrite(context);
    await client.request({ method: 'DELETE', path: policyApiPath(props.name), idempotent: true });
    return { deleted: true, name: props.name };
  },
});

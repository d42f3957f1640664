import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PolicyEngine } from '../vault/engines/policies';
import { clientForRead } from './common/client';
import { policyNameProp } from './common/policy-props';
import { nameSegment } from './common/segments';
import { parseProps } from './common/validate';

const propsSchema = z.object({ name: nameSegment('Policy name') });

export const readPolicy = createAction({
  auth: vaultAuth,
  name: 'read_policy',
  displayName: 'Read Policy',
  description: 'Reads an ACL policy. Returns `{name, policy}` (the HCL text).',
  props: { name: policyNameProp },
  async run(context) {
    const props = parseProps('read_policy', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const policy = await new PolicyEngine(client).read(props.name);
    if (policy === null) {
      throw new Error(
        `No ACL policy named "${props.name}" on ${client.config.url}` +
          `${client.config.namespace ? ` (namespace ${client.config.namespace})` : ''}. Check the name, or create it with Write Policy.`,
      );
    }
    return { name: policy.name, policy: policy.policy };
  },
});

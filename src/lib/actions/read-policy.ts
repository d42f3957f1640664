import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from './common/client';
import { policyApiPath, policyNameProp } from './common/policy-props';
import { nameSegment } from './common/segments';
import { parseProps } from './common/validate';

const propsSchema = z.object({ name: nameSegment('Policy name') });

const policyAnswer = z.object({ data: z.object({ name: z.string(), policy: z.string() }) });

export const readPolicy = createAction({
  auth: vaultAuth,
  name: 'read_policy',
  displayName: 'Read Policy',
  description: 'Reads an ACL policy. Returns `{name, policy}` (the HCL text).',
  props: { name: policyNameProp },
  async run(context) {
    const props = parseProps('read_policy', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const res = await client.request({
      method: 'GET',
      path: policyApiPath(props.name),
      schema: policyAnswer,
      acceptStatuses: [404],
      idempotent: true,
    });
    if (res.status === 404) {
      throw new Error(
        `No ACL policy named "${props.name}" on ${client.config.url}` +
          `${client.config.namespace ? ` (namespace ${client.config.namespace})` : ''}. Check the name, or create it with Write Policy.`,
      );
    }
    const data = (res.body as z.infer<typeof policyAnswer>).data;
    return { name: data.name, policy: data.policy };
  },
});

import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PolicyEngine } from '../vault/engines/policies';
import { clientForRead } from '../common/client';
import { policyNameProp } from '../common/policy-props';
import { nameSegment } from '../common/segments';
import { parseProps } from '../common/validate';
import { VaultError } from '../vault/errors';

const propsSchema = z.object({ name: nameSegment('Policy name') });

export const readPolicy = createAction({
  auth: vaultAuth,
  name: 'read_policy',
  displayName: 'Read Policy',
  description: 'Reads an ACL policy. Returns `{name, policy}` (the HCL text).',
  props: { name: policyNameProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Returns an ACL policy\'s HCL text; no secrets.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('read_policy', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    const policy = await new PolicyEngine(client).read(props.name);
    if (policy === null) {
      throw new VaultError({
        kind: 'not_found',
        summary: `No ACL policy named "${props.name}"`,
        hint: 'Check the name, or create it with Write Policy.',
        address: client.config.url,
        namespace: client.config.namespace,
      });
    }
    return { name: policy.name, policy: policy.policy };
  },
});

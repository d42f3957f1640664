import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PolicyEngine } from '../vault/engines/policies';
import { clientFor } from '../common/client';
import { policyNameProp } from '../common/policy-props';
import { nameSegment } from '../common/segments';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  name: nameSegment('Policy name'),
  policy: z.preprocess(
    (v) => (v === null ? undefined : v),
    z.string({ error: 'Policy is required (HCL text)' }).refine((s) => s.trim().length > 0, 'Policy is required'),
  ),
});

export const writePolicy = createAction({
  auth: vaultAuth,
  name: 'write_policy',
  displayName: 'Write Policy',
  description:
    'Creates or replaces an ACL policy. Vault checks the HCL and the step fails with Vault\'s message when it is invalid.',
  props: {
    name: policyNameProp,
    policy: Property.LongText({
      displayName: 'Policy (HCL)',
      description: 'e.g. `path "secret/data/app/*" { capabilities = ["read"] }`',
      required: true,
    }),
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Creates or replaces an ACL policy: changes what every token holding it may do in Vault.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('write_policy', propsSchema, context.propsValue);
    const policies = new PolicyEngine(clientFor(context.auth));
    await policies.write(props.name, props.policy);
    return { name: props.name, written: true };
  },
});

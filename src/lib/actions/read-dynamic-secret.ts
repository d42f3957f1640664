import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { DynamicSecretsEngine } from '../vault/engines/dynamic-secrets';
import { pathProblem, trimSlashes } from '../vault/paths';
import { clientFor } from '../common/client';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  path: z.preprocess(
    (v) => (typeof v === 'string' ? trimSlashes(v.trim()) : v),
    z
      .string({ error: 'Path is required (text)' })
      .min(1, 'Path is required')
      .superRefine((s, ctx) => {
        const problem = pathProblem(s) ?? (s.includes('/') ? undefined : 'it has no mount');
        if (problem) ctx.addIssue({ code: 'custom', message: `Path must be an endpoint with its mount, such as database/creds/readonly: ${problem}` });
      }),
  ),
});

export const readDynamicSecret = createAction({
  auth: vaultAuth,
  name: 'read_dynamic_secret',
  displayName: 'Read Dynamic Secret',
  description:
    'Asks a dynamic secrets engine for NEW credentials (e.g. `database/creds/readonly`, `aws/creds/deploy`) with a lease. ' +
    'Every run makes a new set (never cached). WARNING: the output `data` holds the credentials, SECRETS: pass them only to the step that needs them. ' +
    'Keep `leaseId` to renew or revoke them. Needs a read-and-write connection (it creates credentials and returns them).',
  props: {
    path: Property.ShortText({
      displayName: 'Path',
      description: 'The credentials endpoint, mount included: `database/creds/<role>`, `aws/creds/<role>`, `rabbitmq/creds/<role>`...',
      required: true,
    }),
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Creates new leased credentials (database/creds/<role>...): they enter your context and the run history, and each call creates another set.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('read_dynamic_secret', propsSchema, context.propsValue);
    const client = clientFor(context.auth);
    const secret = await new DynamicSecretsEngine(client).read(props.path);
    return { data: secret.data, leaseId: secret.leaseId, leaseDuration: secret.leaseDuration, renewable: secret.renewable };
  },
});

import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForWrite } from './common/client';
import { policiesProp } from './common/token-props';
import { optionalBoolean, optionalDuration, optionalInt, parseProps, textList } from './common/validate';

const propsSchema = z.object({
  policies: textList('Policies'),
  ttl: optionalDuration('TTL'),
  numUses: optionalInt('Number of uses', 0),
  renewable: optionalBoolean,
});

const createAnswer = z.object({
  auth: z.object({
    client_token: z.string().min(1),
    accessor: z.string().optional().default(''),
    policies: z.array(z.string()).nullish(),
    token_policies: z.array(z.string()).nullish(),
    lease_duration: z.number(),
    renewable: z.boolean().optional(),
  }),
});

export const createToken = createAction({
  auth: vaultAuth,
  name: 'create_token',
  displayName: 'Create Token',
  description:
    'Creates a Vault token (a child of the connection\'s token) with the given policies and TTL. ' +
    'WARNING: the output contains the new token, a SECRET: pass it only to the step that needs it. ' +
    'Keep the accessor to look the token up or revoke it later.',
  props: {
    policies: policiesProp('Policies of the new token, e.g. `app-read`. Empty = the `default` policy only.'),
    ttl: Property.ShortText({
      displayName: 'TTL',
      description: 'How long the token lives: `1h`, `30m`, or seconds (`3600`). Empty = Vault\'s default.',
      required: false,
    }),
    numUses: Property.Number({
      displayName: 'Number of uses',
      description: 'How many requests the token may make; 0 or empty = unlimited.',
      required: false,
    }),
    renewable: Property.Checkbox({
      displayName: 'Renewable',
      description: 'Whether the token may be renewed before it expires.',
      required: false,
      defaultValue: false,
    }),
  },
  async run(context) {
    const props = parseProps('create_token', propsSchema, context.propsValue);
    const client = await clientForWrite(context);
    const res = await client.request({
      method: 'POST',
      path: 'auth/token/create',
      body: {
        policies: props.policies.length > 0 ? props.policies : undefined,
        ttl: props.ttl,
        num_uses: props.numUses ?? 0,
        renewable: props.renewable ?? false,
      },
      schema: createAnswer,
    });
    const auth = (res.body as z.infer<typeof createAnswer>).auth;
    return {
      token: auth.client_token,
      accessor: auth.accessor,
      policies: auth.policies ?? auth.token_policies ?? [],
      ttl: auth.lease_duration,
    };
  },
});

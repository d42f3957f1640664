import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from './common/client';
import { accessorProp } from './common/token-props';
import { parseProps, requiredText } from './common/validate';

const propsSchema = z.object({ accessor: requiredText('Token accessor') });

const lookupAnswer = z.object({
  data: z
    .object({
      accessor: z.string().optional(),
      policies: z.array(z.string()).nullish(),
      ttl: z.number(),
      expire_time: z.string().nullish(),
      creation_time: z.number().nullish(),
      issue_time: z.string().nullish(),
      renewable: z.boolean().nullish(),
      num_uses: z.number().nullish(),
      type: z.string().nullish(),
      display_name: z.string().nullish(),
      orphan: z.boolean().nullish(),
      explicit_max_ttl: z.number().nullish(),
    })
    .loose(),
});

export const lookupToken = createAction({
  auth: vaultAuth,
  name: 'lookup_token',
  displayName: 'Look Up Token',
  description:
    'Looks a token up by its accessor: policies, seconds left (`ttl`), expiry time, uses left. Never returns the token itself.',
  props: { accessor: accessorProp },
  async run(context) {
    const props = parseProps('lookup_token', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    // lookup-accessor is a POST in Vault's API although it only reads.
    const res = await client.request({
      method: 'POST',
      path: 'auth/token/lookup-accessor',
      body: { accessor: props.accessor },
      schema: lookupAnswer,
      idempotent: true,
      access: 'read',
    });
    const d = (res.body as z.infer<typeof lookupAnswer>).data;
    return {
      accessor: d.accessor ?? props.accessor,
      policies: d.policies ?? [],
      ttl: d.ttl,
      expireTime: d.expire_time ?? null,
      issueTime: d.issue_time ?? null,
      renewable: d.renewable ?? false,
      numUses: d.num_uses ?? 0,
      type: d.type ?? null,
      displayName: d.display_name ?? null,
      orphan: d.orphan ?? null,
      explicitMaxTtl: d.explicit_max_ttl ?? null,
    };
  },
});

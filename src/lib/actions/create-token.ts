import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TokenEngine } from '../vault/engines/tokens';
import { clientFor } from '../common/client';
import { policiesProp } from '../common/token-props';
import { optionalBoolean, optionalDuration, optionalInt, parseProps, textList } from '../common/validate';

const propsSchema = z.object({
  policies: textList('Policies'),
  ttl: optionalDuration('TTL'),
  numUses: optionalInt('Number of uses', 0),
  renewable: optionalBoolean,
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
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Creates a new Vault token with the given policies: the token enters your context and the run history, and each call creates another credential.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('create_token', propsSchema, context.propsValue);
    const tokens = new TokenEngine(clientFor(context.auth));
    const created = await tokens.create(props);
    return { token: created.clientToken, accessor: created.accessor, policies: created.policies, ttl: created.leaseDuration };
  },
});

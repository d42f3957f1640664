import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { clientForRead } from '../common/client';
import { MAX_NESTING, nestingWithin } from '../common/json-input';
import { parseProps } from '../common/validate';
import { MAX_JSON_DEPTH, depthWithin } from '../vault/json-walk';
import { resolveObject } from './resolve';
import { createVaultResolver } from './vault-resolver';

const propsSchema = z.object({
  value: z
    .unknown()
    .refine((v) => v !== undefined && v !== null, 'Value is required: any JSON or text holding {{vault:...}} references.')
    .refine((v) => depthWithin(v), `Value is nested more than ${MAX_JSON_DEPTH} levels deep; flatten it.`),
  onError: z.enum(['fail', 'skip']).nullish().transform((v) => v ?? 'fail'),
});

export const resolveReferencesAction = createAction({
  auth: vaultAuth,
  name: 'resolve_references',
  displayName: 'Resolve Secret References',
  description:
    'Replaces every `[[vault:mount/data/path/key]]` (also `[[hashicorp:...]]`, `[[<id>|ap_sep_v1|...]]` and the same forms in `{{ }}`) ' +
    'in any JSON or text with the secret value, using this connection (cached, one login). Use the output in the next step, e.g. HTTP headers. ' +
    'The output holds secrets: map it only into the fields that need them. ' +
    'The output is stored in the run history, visible to everyone who can open runs: to use a secret without storing it, call the API with Send HTTP Request, or hand it over with Wrap Secret.',
  props: {
    value: Property.Json({
      displayName: 'Value',
      description:
        'JSON or text with references, e.g. `{"Authorization": "Bearer [[vault:secret/data/app/api_token]]"}`. ' +
        'Type them with square brackets here: the flow evaluates `{{ }}` in step inputs itself and would blank them out before this step runs. ' +
        'A string that is exactly one reference takes the secret value\'s own type; inside longer text a non-string value is inserted as JSON.',
      required: true,
    }),
    onError: Property.StaticDropdown({
      displayName: 'When a reference cannot be resolved',
      description: 'Fail: the step fails and nothing is resolved. Skip: returns `{value, unresolved}` with those references left as they were.',
      required: false,
      defaultValue: 'fail',
      options: {
        disabled: false,
        options: [
          { label: 'Fail the step', value: 'fail' },
          { label: 'Skip and report them', value: 'skip' },
        ],
      },
    }),
  },
  // Its output holds secrets: for people building flows, not a tool for agents.
  audience: 'human',
  aiMetadata: {
    description:
      'Replaces [[vault:...]] references in a value with the secrets: the secrets enter your context and the run history. To call an API with secrets use send_http_request instead.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('resolve_references', propsSchema, context.propsValue);
    const client = await clientForRead(context);
    return resolveObject(props.value, createVaultResolver({ client }), { onError: props.onError });
  },
});

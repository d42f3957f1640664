import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TotpEngine } from '../vault/engines/totp';
import { clientFor } from '../common/client';
import { mountPathProp } from '../common/segments';
import { totpName, totpNameProp, totpPathProp } from '../common/totp-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  totpPath: mountPathProp('TOTP mount path', 'totp'),
  name: totpName,
});

export const generateTotpCode = createAction({
  auth: vaultAuth,
  name: 'generate_totp_code',
  displayName: 'Generate TOTP Code',
  description:
    'Returns `{code}`, the current one-time code of a TOTP key (valid for the key\'s period, 30 s by default). ' +
    'The code is a short-lived secret: pass it only to the step that logs in with it.',
  audience: 'both',
  aiMetadata: {
    description: 'Get the current TOTP code of a Vault TOTP key: {code}. A one-time secret; it changes every period. Changes nothing in Vault.',
    idempotent: false,
  },
  props: {
    totpPath: totpPathProp,
    name: totpNameProp,
  },
  async run(context) {
    const props = parseProps('generate_totp_code', propsSchema, context.propsValue);
    return { code: await new TotpEngine(clientFor(context.auth), props.totpPath).generateCode(props.name) };
  },
});

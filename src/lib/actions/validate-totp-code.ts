import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TotpEngine } from '../vault/engines/totp';
import { clientFor } from '../common/client';
import { mountPathProp } from '../common/segments';
import { totpCode, totpName, totpNameProp, totpPathProp } from '../common/totp-props';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  totpPath: mountPathProp('TOTP mount path', 'totp'),
  name: totpName,
  code: totpCode,
});

export const validateTotpCode = createAction({
  auth: vaultAuth,
  name: 'validate_totp_code',
  displayName: 'Validate TOTP Code',
  description:
    'Checks a one-time code someone typed against a TOTP key. Returns `{valid}`: a wrong code, or one already checked ' +
    '(Vault accepts each code once), is `valid: false` with a `reason` (and `alreadyUsed: true` for a reused one), not an error.',
  audience: 'both',
  aiMetadata: {
    description:
      'Validate a TOTP code against a Vault TOTP key: {valid, alreadyUsed?, reason?}. Vault remembers every code it checks: checking the same code twice gives valid: false the second time.',
    idempotent: false,
  },
  props: {
    totpPath: totpPathProp,
    name: totpNameProp,
    code: Property.ShortText({ displayName: 'Code', description: 'The code to check, e.g. `123456`.', required: true }),
  },
  async run(context) {
    const props = parseProps('validate_totp_code', propsSchema, context.propsValue);
    return new TotpEngine(clientFor(context.auth), props.totpPath).validateCode(props.name, props.code);
  },
});

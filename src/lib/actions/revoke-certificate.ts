import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PkiEngine } from '../vault/engines/pki';
import { clientFor } from '../common/client';
import { pkiPathProp, serialNumberProp, serialNumberSchema } from '../common/pki-props';
import { mountPathProp } from '../common/segments';
import { parseProps } from '../common/validate';

const propsSchema = z.object({
  pkiPath: mountPathProp('PKI mount path', 'pki'),
  serialNumber: serialNumberSchema,
});

export const revokeCertificate = createAction({
  auth: vaultAuth,
  name: 'revoke_certificate',
  displayName: 'Revoke Certificate',
  description:
    'Revokes a certificate by serial number (`pki/revoke`); it is listed in the CRL from then on. ' +
    'Returns `revocationTime` (ISO 8601, like Issue Certificate\'s `expiration`).',
  props: { pkiPath: pkiPathProp, serialNumber: serialNumberProp },
  audience: 'both',
  aiMetadata: {
    description:
      'Revokes a certificate by serial number; permanent.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('revoke_certificate', propsSchema, context.propsValue);
    const pki = new PkiEngine(clientFor(context.auth), props.pkiPath);
    return pki.revoke(props.serialNumber);
  },
});

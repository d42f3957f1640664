import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { PkiEngine } from '../vault/engines/pki';
import { CERTIFICATE_LIMIT, certificateInventory, isExpiringWithin } from '../common/certificates';
import { clientForRead } from '../common/client';
import { pkiPathProp } from '../common/pki-props';
import { mountPathProp } from '../common/segments';
import { optionalInt, parseProps } from '../common/validate';

const propsSchema = z.object({
  pkiPath: mountPathProp('PKI mount path', 'pki'),
  expiringWithinDays: optionalInt('Expiring within days', 1),
});

export const listCertificates = createAction({
  auth: vaultAuth,
  name: 'list_certificates',
  displayName: 'List Certificates',
  description:
    `Lists the certificates a PKI mount has issued: serial number, common name and \`notAfter\` (ISO 8601), soonest expiry first. ` +
    `With "Expiring within days", only valid (not revoked, not yet expired) certificates that expire within that many days. ` +
    `Reads at most ${CERTIFICATE_LIMIT} certificates (\`truncated: true\` when the mount has more). Never returns keys.`,
  props: {
    pkiPath: pkiPathProp,
    expiringWithinDays: Property.Number({
      displayName: 'Expiring within days',
      description: 'Only certificates that expire within this many days (and are not revoked or expired). Empty = all.',
      required: false,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Lists a PKI mount\'s certificates (serial, common name, expiry), optionally only those expiring soon; no private keys.',
    idempotent: true,
  },
  async run(context) {
    const props = parseProps('list_certificates', propsSchema, context.propsValue);
    const pki = new PkiEngine(await clientForRead(context), props.pkiPath);
    const inventory = await certificateInventory(pki);
    const now = Date.now();
    const days = props.expiringWithinDays;
    const chosen = days === undefined ? inventory.certificates : inventory.certificates.filter((c) => isExpiringWithin(c, days, now));
    return {
      certificates: chosen.map((c) => ({ serialNumber: c.serialNumber, commonName: c.commonName, notAfter: c.notAfter })),
      truncated: inventory.truncated,
    };
  },
});

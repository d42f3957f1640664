/**
 * Polling trigger: fires once for each certificate of a PKI mount that enters the expiry window
 * (valid, not revoked, expiring within N days). The state is the serial numbers in the window at
 * the last poll, nothing else: no certificate bodies, no keys. A renewed certificate is a new
 * serial, so it fires again when it in turn enters the window.
 */
import { createTrigger, Property, TriggerStrategy } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { PkiEngine } from '../vault/engines/pki';
import { CERTIFICATE_LIMIT, certificateInventory, daysLeft, isExpiringWithin } from '../common/certificates';
import { pkiPathProp } from '../common/pki-props';
import { mountPathProp } from '../common/segments';
import { vaultAuth } from '../auth';
import type { VaultClient } from '../vault/types';
import { pollingHooks, type PollMode } from './polling/polling-hooks';

const STATE_KEY = 'vault_certificate_expiring_state';

export interface CertificateExpiringEvent {
  event: 'expiring';
  serialNumber: string;
  commonName: string;
  /** ISO 8601. */
  notAfter: string;
  /** Days left when the poll saw it (one decimal). */
  daysLeft: number;
  pkiPath: string;
  withinDays: number;
}

/** Serial numbers in the window at the last poll. */
const stateSchema = z.object({ serials: z.array(z.string()) });
export type CertificateExpiringState = z.infer<typeof stateSchema>;

const propsSchema = z.object({
  pkiPath: mountPathProp('PKI mount path', 'pki'),
  withinDays: z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? 14 : typeof v === 'string' ? Number(v) : v),
    z.number({ error: 'Within days must be a number of days' }).int('Within days must be a whole number').min(1, 'Within days must be at least 1'),
  ),
});

type Props = z.output<typeof propsSchema>;

export async function pollExpiringCertificates(
  client: VaultClient,
  props: Props,
  previous: CertificateExpiringState | null,
  mode: PollMode,
): Promise<{ events: CertificateExpiringEvent[]; state: CertificateExpiringState }> {
  const inventory = await certificateInventory(new PkiEngine(client, props.pkiPath));
  const now = Date.now();
  const inWindow = inventory.certificates.filter((c) => isExpiringWithin(c, props.withinDays, now));
  const state: CertificateExpiringState = { serials: inWindow.map((c) => c.serialNumber) };
  if (mode === 'baseline') return { events: [], state };
  const seen = new Set(mode === 'diff' ? previous?.serials ?? [] : []);
  const fresh = inWindow.filter((c) => !seen.has(c.serialNumber));
  const chosen = mode === 'sample' ? fresh.slice(0, 5) : fresh;
  const events = chosen.map(
    (c): CertificateExpiringEvent => ({
      event: 'expiring',
      serialNumber: c.serialNumber,
      commonName: c.commonName,
      notAfter: c.notAfter,
      daysLeft: daysLeft(c, now),
      pkiPath: props.pkiPath,
      withinDays: props.withinDays,
    }),
  );
  return { events, state };
}

export const certificateExpiringTrigger = createTrigger({
  auth: vaultAuth,
  name: 'certificate_expiring',
  displayName: 'Certificate Expiring',
  description:
    `Fires once for each certificate of a PKI mount that comes within N days of its expiry (not revoked, not yet expired); ` +
    `a renewed certificate fires again when it, in turn, gets close. Reads up to ${CERTIFICATE_LIMIT} certificates a poll. ` +
    'Needs `list` on `<mount>/certs` and `read` on `<mount>/cert/*`.',
  type: TriggerStrategy.POLLING,
  props: {
    pkiPath: pkiPathProp,
    withinDays: Property.Number({
      displayName: 'Within days',
      description: 'Fire when a certificate expires within this many days (default 14).',
      required: false,
      defaultValue: 14,
    }),
  },
  sampleData: {
    event: 'expiring',
    serialNumber: '1f:3a:9c:42:0b:7e:11:d0:5a:66:2c:93:e4:18:b7:05:c2:7d:90:aa',
    commonName: 'app.example.com',
    notAfter: '2024-05-14T12:00:00.000Z',
    daysLeft: 13.5,
    pkiPath: 'pki',
    withinDays: 14,
  },
  ...pollingHooks({
    displayName: 'Certificate Expiring',
    stateKey: STATE_KEY,
    propsSchema,
    stateSchema,
    poll: pollExpiringCertificates,
  }),
});

import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';

export const leaseIdProp = Property.ShortText({
  displayName: 'Lease ID',
  description: 'The lease of a dynamic secret, e.g. `database/creds/readonly/AbC123` (the `leaseId` Read Dynamic Secret returns).',
  required: true,
});

/* eslint-disable no-control-regex */
export const leaseIdSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Lease ID is required (text)' })
    .min(1, 'Lease ID is required')
    .max(2048, 'Lease ID is too long')
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Lease ID must not contain control characters'),
);

import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { textProblem } from '../vault/paths';

export const leaseIdProp = Property.ShortText({
  displayName: 'Lease ID',
  description: 'The lease of a dynamic secret, e.g. `database/creds/readonly/AbC123` (the `leaseId` Read Dynamic Secret returns).',
  required: true,
});

export const leaseIdSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Lease ID is required (text)' })
    .min(1, 'Lease ID is required')
    .max(2048, 'Lease ID is too long')
    .refine((s) => textProblem(s) === undefined, 'Lease ID must not contain control characters or invalid Unicode'),
);

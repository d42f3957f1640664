import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';

/** The Method dropdown of an action that sends a request of the user's choosing; GET by default. */
export function methodDropdown(methods: readonly string[]) {
  return Property.StaticDropdown({
    displayName: 'Method',
    required: true,
    defaultValue: 'GET',
    options: { options: methods.map((m) => ({ label: m, value: m })) },
  });
}

/** Its check: any case, spaces around allowed; `whenLeftOut` stands in for a missing method, if given. */
export function methodSchema<const M extends readonly [string, ...string[]]>(methods: M, whenLeftOut?: M[number]) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : (v ?? whenLeftOut)),
    z.enum(methods, { error: `Method must be one of ${methods.join(', ')}` }),
  );
}

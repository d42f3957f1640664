/**
 * The piece's connection: the form is built from the field declarations (`src/lib/vault/connection/
 * fields.ts` and each login method's), and `validate` logs in and checks access exactly like the
 * actions will (through `checkConnectionProps`).
 */
import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { checkConnectionProps } from './vault/check-connection';
import type { ConnectionField } from './vault/connection/field';
import { FIELD_GROUPS } from './vault/connection/fields';
import { credentialsIn } from './vault/connection/parse';
import { redact } from './vault/redact';

const AUTH_DESCRIPTION = [
  'Connects to HashiCorp Vault, HCP Vault or OpenBao. Enter the address, choose a login method and fill in the fields under that method\'s heading; the other methods\' fields are ignored.',
  'The piece logs in once per connection and renews the token before it expires. The README lists least-privilege policies for every action.',
  'Skip TLS Verification is for tests only: paste a private CA into CA Certificate instead.',
].join('\n\n');

/** One form input per declared field, in the declared order. */
function propertyFor(field: ConnectionField) {
  const common = { displayName: field.label, description: field.description, required: field.required ?? false };
  switch (field.input) {
    case 'masked':
      return PieceAuth.SecretText({ ...common, required: false });
    case 'multiline':
      return Property.LongText({ ...common });
    case 'number':
      return Property.Number({ ...common, defaultValue: field.defaultValue as number | undefined });
    case 'checkbox':
      return Property.Checkbox({ ...common, defaultValue: field.defaultValue as boolean | undefined });
    case 'dropdown':
      return Property.StaticDropdown({
        ...common,
        defaultValue: field.defaultValue,
        options: { disabled: false, options: [...(field.choices ?? [])] },
      });
    case 'text':
      return Property.ShortText({ ...common, defaultValue: field.defaultValue as string | undefined });
  }
}

/** Headings are Markdown props: they hold no value and the parser ignores them. */
function headingKey(heading: string): string {
  return `section_${heading.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
}

function formProps() {
  const props: Record<string, ReturnType<typeof propertyFor> | ReturnType<typeof Property.MarkDown>> = {};
  for (const group of FIELD_GROUPS) {
    if (group.heading) props[headingKey(group.heading)] = Property.MarkDown({ value: `### ${group.heading}` });
    for (const field of group.fields) props[field.name] = propertyFor(field);
  }
  return props;
}

export const vaultAuth = PieceAuth.CustomAuth({
  displayName: 'HashiCorp Vault',
  description: AUTH_DESCRIPTION,
  required: true,
  props: formProps(),
  // Receives the FLAT props. The product's validate result has no room for warnings (e.g. TLS
  // verification skipped), so those live in the field descriptions.
  validate: async ({ auth }) => {
    try {
      const result = await checkConnectionProps(auth);
      if (result.valid) return { valid: true };
      return { valid: false, error: scrubSecrets(result.error, auth) };
    } catch (e) {
      return { valid: false, error: scrubSecrets(describeFailure(e), auth) };
    }
  },
});

/** checkConnectionProps never throws by contract; this only guards against a bug there. */
function describeFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `The connection could not be checked: ${message}`;
}

/** Last line of defence: whatever produced the message, no credential value may be echoed. */
function scrubSecrets(message: string, auth: unknown): string {
  const values = credentialsIn(auth);
  return redact(message, [...values, ...values.map((v) => v.trim())]);
}

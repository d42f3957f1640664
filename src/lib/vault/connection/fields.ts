/**
 * The fields every connection has, in the order and groups the connection dialog shows them.
 * Login-method fields are declared by each method (`src/lib/vault/auth/<method>.ts`) and shown
 * between `CONNECTION_FIELDS` and `TLS_FIELDS`; the other shared fields are declared in
 * `shared-fields.ts`.
 */
import { LOGIN_METHODS } from '../auth';
import { VaultError } from '../errors';
import type { ConnectionField } from './field';
import { ADDRESS_FIELD, ADVANCED_FIELDS, NAMESPACE_FIELD, RESTRICTION_FIELDS, TLS_FIELDS } from './shared-fields';

export { ADVANCED_FIELDS, RESTRICTION_FIELDS, TLS_FIELDS } from './shared-fields';

export interface FieldGroup {
  /** Shown as a Markdown heading above the fields; none for the first group. */
  readonly heading?: string;
  readonly fields: readonly ConnectionField[];
}

export const DEFAULT_LOGIN_METHOD = 'appRole';

export const CONNECTION_FIELDS: readonly ConnectionField[] = [
  ADDRESS_FIELD,
  {
    name: 'authMethod',
    label: 'Login Method',
    description: 'How the piece logs in. Fill in the fields under the heading of the method you choose; the others are ignored.',
    kind: 'choice',
    input: 'dropdown',
    required: true,
    defaultValue: DEFAULT_LOGIN_METHOD,
    choices: LOGIN_METHODS.map((m) => ({ label: m.choiceLabel, value: m.name })),
  },
  NAMESPACE_FIELD,
];

/** Every field of the connection, the login methods' in their place, in the dialog's order. */
export const FIELD_GROUPS: readonly FieldGroup[] = [
  { fields: CONNECTION_FIELDS },
  ...LOGIN_METHODS.map((m) => ({ heading: `${m.label} login`, fields: m.fields })),
  { heading: 'TLS', fields: TLS_FIELDS },
  { heading: 'Restrictions', fields: RESTRICTION_FIELDS },
  { heading: 'Advanced settings', fields: ADVANCED_FIELDS },
];

export const ALL_FIELDS: readonly ConnectionField[] = FIELD_GROUPS.flatMap((g) => g.fields);

const BY_NAME = new Map(ALL_FIELDS.map((f) => [f.name, f]));

/** The declaration of a field by prop name. */
export function fieldOf(name: string): ConnectionField {
  const field = BY_NAME.get(name);
  if (!field) throw new VaultError({ kind: 'invalid_config', summary: `No connection field "${name}"`, hint: '' });
  return field;
}

/** Names of every field holding a credential (never echoed). */
export const SECRET_FIELD_NAMES: readonly string[] = ALL_FIELDS.filter((f) => f.secret).map((f) => f.name);

/** The heading a field is shown under in the connection dialog (none for the first group). */
export function headingOf(name: string): string | undefined {
  return FIELD_GROUPS.find((g) => g.fields.some((f) => f.name === name))?.heading;
}

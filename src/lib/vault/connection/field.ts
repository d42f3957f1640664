/**
 * What one connection field is: its name, label, plain-text description, how the form shows it
 * and how its value is read. The shared fields live in `fields.ts`; each login method declares
 * its own in `src/lib/vault/auth/<method>.ts`. The form (`src/lib/auth.ts`), the parser
 * (`parse.ts`), messages and redaction are all derived from these declarations.
 */

/** How a typed value is read and checked (`parse.ts`). */
export type FieldKind =
  /** Trimmed text. */
  | 'text'
  /** Text kept exactly as typed (a password may start or end with spaces). */
  | 'exactText'
  /** An auth method's mount path: slashes and a leading `auth/` trimmed, falls back to the default. */
  | 'mount'
  /** A Vault Enterprise / HCP namespace. */
  | 'namespace'
  /** A mount-included path prefix. */
  | 'pathPrefix'
  /** One or more PEM certificates (the one-line form a browser makes of a pasted PEM accepted). */
  | 'certificates'
  /** One PEM private key, not encrypted (one-line form accepted). */
  | 'privateKey'
  /** http(s) addresses, one per line or comma-separated. */
  | 'addresses'
  | 'integer'
  | 'flag'
  | 'choice';

/** How the connection dialog shows the field. */
export type FieldInput = 'text' | 'masked' | 'multiline' | 'number' | 'checkbox' | 'dropdown';

export interface FieldChoice {
  readonly label: string;
  readonly value: string;
}

export interface ConnectionField {
  /** The prop name (a public contract: saved connections use it). */
  readonly name: string;
  readonly label: string;
  /** Plain text: the dialog shows descriptions without Markdown. */
  readonly description: string;
  readonly kind: FieldKind;
  readonly input: FieldInput;
  /** The dialog will not save the connection without it. */
  readonly required?: boolean;
  /** A credential: never echoed in a message, a log or an output. */
  readonly secret?: boolean;
  readonly defaultValue?: string | number | boolean;
  readonly choices?: readonly FieldChoice[];
  readonly min?: number;
  readonly max?: number;
}

/** `"Role ID" (roleId)`: how every message names a field. */
export function fieldName(field: Pick<ConnectionField, 'name' | 'label'>): string {
  return `"${field.label}" (${field.name})`;
}

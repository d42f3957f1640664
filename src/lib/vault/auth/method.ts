import { type ConnectionField, fieldName } from '../connection/field';
import { VaultError } from '../errors';
import type { VaultConnectionConfig, VaultHttp, VaultToken } from '../types';

/**
 * One login method: its connection fields and its login, side by side. A new method is one file
 * exporting one of these, plus its line in `LOGIN_METHODS` (`index.ts`); the form, the parser,
 * messages and redaction pick it up from there.
 */
export interface LoginMethodSpec {
  /** The `authMethod` value (a public contract: saved connections use it). */
  readonly name: string;
  /** In headings and messages: "AppRole", "JWT/OIDC". */
  readonly label: string;
  /** In the Login Method dropdown. */
  readonly choiceLabel: string;
  /** Whose policies a denied request points at: "AppRole role's policies". */
  readonly policyHolder: string;
  /** The method's own fields, shown under its heading. */
  readonly fields: readonly ConnectionField[];
  /** Fields (its own or shared ones) that must be filled in for this method. */
  readonly required: readonly string[];
  /** Logs in (for `token`, looks the token up); `config.login` holds the method's own fields. */
  login(config: VaultConnectionConfig, http: VaultHttp): Promise<VaultToken>;
}

/** How a message names one of the method's own fields: `"Role ID" (roleId)`, from the field table. */
export function methodFieldName(method: LoginMethodSpec, name: string): string {
  const field = method.fields.find((f) => f.name === name);
  if (!field) throw new VaultError({ kind: 'invalid_config', summary: `No ${method.label} connection field "${name}"`, hint: '' });
  return fieldName(field);
}

/** An auth method's mount field, with the conventional default. */
export function mountField(name: string, label: string, method: string, defaultValue: string): ConnectionField {
  return {
    name,
    label,
    description: `The path the ${method} auth method is enabled at. Empty means ${defaultValue}.`,
    kind: 'mount',
    input: 'text',
    defaultValue,
  };
}

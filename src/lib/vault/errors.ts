import type { VaultErrorKind } from './types';

export type { VaultErrorKind } from './types';

export interface VaultErrorInit {
  kind: VaultErrorKind;
  /** What happened, in words a person reads (no secrets). */
  summary: string;
  /** What to do about it. */
  hint: string;
  status?: number;
  /** Vault's own `errors`, already redacted. */
  errors?: string[];
  method?: string;
  /** Path below `/v1/`. */
  path?: string;
  address?: string;
  namespace?: string;
  warnings?: readonly string[];
  /** The summary already names `METHOD /v1/path`: the message only adds address and namespace. */
  summaryNamesRequest?: boolean;
}

/**
 * Every failure of the Vault client. The message says what happened, where (`METHOD /v1/path` at
 * the address and namespace), what Vault said (redacted by the caller) and what to do.
 */
export class VaultError extends Error {
  readonly kind: VaultErrorKind;
  readonly status?: number;
  readonly errors: string[];
  readonly method?: string;
  readonly path?: string;
  readonly address?: string;
  readonly namespace?: string;
  readonly hint: string;
  readonly warnings: readonly string[];
  readonly summary: string;

  constructor(init: VaultErrorInit) {
    super(formatMessage(init));
    this.name = 'VaultError';
    this.kind = init.kind;
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.method = init.method;
    this.path = init.path;
    this.address = init.address;
    this.namespace = init.namespace;
    this.hint = init.hint;
    this.warnings = init.warnings ?? [];
    this.summary = init.summary;
  }

  /**
   * How `util.inspect` (and so the engine's run viewer, and console.log) shows the error: the
   * message and the fields a person can act on, without stack frames (which only name the
   * minified bundle's install path) and without anything secret.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const fields = (
      [
        ['kind', this.kind],
        ['status', this.status],
        ['method', this.method],
        ['path', this.path],
        ['address', this.address],
        ['namespace', this.namespace],
      ] as const
    )
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v}`);
    return `${this.name}: ${this.message}\n  (${fields.join(', ')})`;
  }
}

/**
 * The same failure told in other words: keeps the status, Vault's messages and warnings and where
 * it happened (method, path, address, namespace); only what it is and what to do change.
 */
export function retell(
  err: VaultError,
  as: Pick<VaultErrorInit, 'kind' | 'summary' | 'hint' | 'summaryNamesRequest'>,
): VaultError {
  return new VaultError({
    status: err.status,
    errors: err.errors,
    warnings: err.warnings,
    method: err.method,
    path: err.path,
    address: err.address,
    namespace: err.namespace,
    ...as,
  });
}

export function isVaultError(e: unknown): e is VaultError {
  return e instanceof VaultError;
}

/** A path that `paths.ts` refuses. */
export class VaultPathError extends VaultError {
  constructor(summary: string, hint: string) {
    super({ kind: 'invalid_path', summary, hint });
    this.name = 'VaultPathError';
  }
}

function formatMessage(init: VaultErrorInit): string {
  let text = init.summary;
  const where = describeWhere(init);
  if (where) text += ` (${where})`;
  const said = (init.errors ?? []).filter((e) => e.length > 0);
  if (said.length > 0) text += `. Vault said: ${said.map((e) => JSON.stringify(e)).join(', ')}`;
  if (init.hint) text += `. ${init.hint}`;
  return text;
}

function describeWhere(init: VaultErrorInit): string {
  const parts: string[] = [];
  if (init.method && init.path !== undefined && !init.summaryNamesRequest) parts.push(`${init.method} /v1/${init.path}`);
  if (init.address) parts.push(`at ${init.address}`);
  if (init.namespace) parts.push(`in namespace "${init.namespace}"`);
  return parts.join(' ');
}

/**
 * Vault wraps messages like `1 error occurred:\n\t* permission denied\n\n`: keep only the
 * messages themselves.
 */
export function cleanVaultMessages(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  const out: string[] = [];
  for (const e of errors) {
    if (typeof e !== 'string') continue;
    const lines = e
      .replace(/^\s*\d+ errors? occurred:\s*/i, '')
      .split(/\n/)
      .map((l) => l.replace(/^\s*\*\s*/, '').trim())
      .filter((l) => l.length > 0);
    out.push(...lines);
  }
  return out;
}

/** True when any of Vault's messages (an error's, or a list) contains any of `needles` (case-insensitive). */
export function vaultSaid(said: { errors: readonly string[] } | readonly string[], ...needles: string[]): boolean {
  const messages = 'errors' in said ? said.errors : said;
  const wanted = needles.map((n) => n.toLowerCase());
  return messages.some((m) => {
    const lower = m.toLowerCase();
    return wanted.some((n) => lower.includes(n));
  });
}

/** Maps an HTTP method to the policy capability it needs. */
export function capabilityFor(method: string | undefined): string {
  switch ((method ?? '').toUpperCase()) {
    case 'GET':
      return 'read';
    case 'LIST':
      return 'list';
    case 'POST':
    case 'PUT':
      return 'create" or "update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return 'the needed capability';
  }
}

/**
 * What one answer from Vault means: JSON or not, taken (2xx or a status the request accepts) and
 * checked against the request's zod schema, or a failure with Vault's messages scrubbed of every
 * secret the connection and the request hold.
 */
import { VaultError, cleanVaultMessages } from '../errors';
import { type AttemptFailure, type RequestContext, statusError } from '../http-errors';
import { createRedactor, excerpt, stringLeaves } from '../redact';
import { type Attempt, parseRetryAfter } from '../retry';
import type { VaultRequest, VaultResponse } from '../types';
import type { WholeAnswer } from './bounded-exchange';

/** What the answer is read against: the request, the token it carried, the connection's secrets, and where it went (built on failure only). */
export interface AnswerContext<T> {
  req: VaultRequest<T>;
  token: string | undefined;
  secrets: readonly string[];
  where: () => RequestContext;
}

/** Shared by every answer without warnings (most of them); frozen, and typed so that no caller can add to it. */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

const NOT_RETRIED: AttemptFailure = Object.freeze({ type: 'status', status: 0, sealed: false });

export function interpretAnswer<T>(answer: WholeAnswer, a: AnswerContext<T>): Attempt<VaultResponse<T>> {
  const { status, headers } = answer;
  const parsed = parseJson(answer.body.toString('utf8'));
  if (parsed === INVALID_JSON) {
    // A proxy's HTML 502/503/504 is still worth a retry.
    return { ok: false, error: notVaultError(a.where(), status, headers['content-type']), failure: status >= 500 ? { type: 'status', status, sealed: false } : NOT_RETRIED };
  }
  const fields = parsed !== null && typeof parsed === 'object' ? (parsed as { warnings?: unknown; errors?: unknown }) : undefined;
  const warnings = fields?.warnings ? scrub(cleanVaultMessages(fields.warnings), a) : NO_WARNINGS;

  if ((status >= 200 && status < 300) || a.req.acceptStatuses?.includes(status)) {
    if (!a.req.schema) return { ok: true, value: { status, body: parsed as T, headers, warnings } };
    const checked = a.req.schema.safeParse(parsed);
    if (checked.success) return { ok: true, value: { status, body: checked.data, headers, warnings } };
    return { ok: false, error: unexpectedShapeError(a.where(), status, checked.error.issues), failure: NOT_RETRIED };
  }

  const errors = scrub(cleanVaultMessages(fields?.errors), a);
  const sealed = errors.some((e) => /vault is sealed/i.test(e));
  const retryAfterMs = status === 429 ? parseRetryAfter(headers['retry-after']) : undefined;
  const error = statusError(a.where(), status, errors, warnings, { sealed, retryAfterMs });
  return { ok: false, error, failure: { type: 'status', status, sealed, retryAfterMs } };
}

/** Vault's texts without the connection's secrets, the request's token or (unless the body is public) the values it sent. */
function scrub<T>(texts: string[], a: AnswerContext<T>): string[] {
  if (texts.length === 0) return texts;
  const redact = createRedactor([...a.secrets, a.token, ...(a.req.publicBody ? [] : stringLeaves(a.req.body))]);
  return texts.map(redact);
}

const INVALID_JSON = Symbol('invalid-json');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Checked only after a failed parse: `trim` copies the text, and Vault ends every answer with a newline.
    return text.trim() === '' ? null : INVALID_JSON;
  }
}

function notVaultError(ctx: RequestContext, status: number, contentType: string | string[] | undefined): VaultError {
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  const what = type ? type.split(';')[0].trim() : 'no content type';
  return new VaultError({
    ...ctx,
    status,
    kind: 'not_vault',
    summary: `The server did not answer like Vault (HTTP ${status}, ${what} instead of JSON)`,
    hint: "Check the address: it must be Vault's API address (the one the Vault CLI uses, e.g. https://vault.example.com:8200), not a web page, login page or another service.",
  });
}

const SHAPE_PROBLEMS_SHOWN = 3;

/** Names the first few problems only: a hostile answer can have millions, or keys megabytes long. */
function unexpectedShapeError(ctx: RequestContext, status: number, issues: readonly { path: PropertyKey[]; message: string }[]): VaultError {
  const shown = issues.slice(0, SHAPE_PROBLEMS_SHOWN).map((i) => `${excerpt(i.path.map(String).join('.'), 80) || '(root)'}: ${excerpt(i.message, 120)}`);
  const more = issues.length > SHAPE_PROBLEMS_SHOWN ? `; and ${issues.length - SHAPE_PROBLEMS_SHOWN} more` : '';
  return new VaultError({
    ...ctx,
    status,
    kind: 'unexpected_response',
    summary: `Vault's answer does not have the expected shape (${shown.join('; ')}${more})`,
    hint: 'Check that the address points to HashiCorp Vault (or OpenBao) and that the path is the intended endpoint.',
  });
}

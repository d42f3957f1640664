/** The error of an answer with status 400 and above, when the step is set to fail on it. */
import { VaultError } from '../vault/errors';
import type { VaultErrorKind } from '../vault/types';

const EXCERPT_CHARS = 300;

function kindOf(status: number): VaultErrorKind {
  if (status === 401 || status === 403) return 'permission_denied';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** `excerpt` must already be scrubbed (it is cut here, after scrubbing, so no secret is cut in half and kept). */
export function statusFailure(a: { describe: string; origin: string; status: number; excerpt: string }): VaultError {
  const text = a.excerpt.replace(/\s+/g, ' ').trim();
  const shown = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}...` : text;
  return new VaultError({
    kind: kindOf(a.status),
    status: a.status,
    summary: `${a.describe} answered HTTP ${a.status}${shown ? `: ${JSON.stringify(shown)}` : ''}`,
    hint:
      a.status === 401 || a.status === 403
        ? 'Check that the referenced secret is the credential this API expects, and where it goes (header name, scheme such as "Bearer "). Turn off "Fail on HTTP error" to get the answer as output.'
        : 'The server refused or failed the request; its answer says why. Turn off "Fail on HTTP error" to get the answer as output.',
    address: a.origin,
  });
}

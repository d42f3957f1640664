/**
 * Which redirects are followed: a standby's 307/308 to the connection's own origin or to an
 * allowed address, never from https to http, at most three hops. Every other 3xx is refused with
 * the address it pointed to, so the token goes nowhere it was not meant to.
 */
import { VaultError } from '../errors';
import type { RequestContext } from '../http-errors';
import { sharedFieldName } from '../connection/shared-fields';
import type { WholeAnswer } from './bounded-exchange';

export const MAX_REDIRECTS = 3;

/** Where one exchange goes: an origin and the path with its query. */
export interface Hop {
  origin: string;
  path: string;
}

/** Sends `first`, then follows the redirects `allowedOrigins` permits; returns the first answer that is not a redirect. */
export async function followingRedirects(
  send: (hop: Hop) => Promise<WholeAnswer>,
  first: Hop,
  allowedOrigins: ReadonlySet<string>,
  where: () => RequestContext,
): Promise<WholeAnswer> {
  let answer = await send(first);
  // A URL is parsed only once there is a redirect.
  let current: URL | undefined;
  for (let hop = 0; answer.status >= 300 && answer.status < 400; hop++) {
    current = redirectTarget(answer, current ?? new URL(first.origin + first.path), hop, allowedOrigins, where);
    answer = await send({ origin: current.origin, path: current.pathname + current.search });
  }
  return answer;
}

function redirectTarget(answer: WholeAnswer, current: URL, hop: number, allowedOrigins: ReadonlySet<string>, where: () => RequestContext): URL {
  const header = answer.headers.location;
  const location = Array.isArray(header) ? header[0] : header;
  if ((answer.status !== 307 && answer.status !== 308) || !location) {
    const to = location ? (parse(location, current)?.origin ?? 'another address') : 'another address';
    throw refused(where(), `The server redirected to ${to} (HTTP ${answer.status})`, 'Use the address it redirects to (often https:// instead of http://) as the Vault address.');
  }
  const next = parse(location, current);
  if (!next) throw refused(where(), 'Vault redirected to an invalid address', 'Check the api_addr setting of the Vault cluster.');
  if (hop + 1 > MAX_REDIRECTS) {
    throw refused(where(), `Vault redirected more than ${MAX_REDIRECTS} times`, "Point the connection at the cluster's active node or load balancer.");
  }
  if (current.protocol === 'https:' && next.protocol !== 'https:') {
    throw refused(
      where(),
      `Vault redirected from https to an insecure address (${next.origin}); the redirect was not followed`,
      "Fix the cluster's api_addr to use https, or point the connection at the active node.",
    );
  }
  if (!allowedOrigins.has(next.origin)) {
    throw refused(
      where(),
      `Vault redirected to another node (${next.origin}); the token and credentials are only sent to the connection's address`,
      `Add ${next.origin} to ${sharedFieldName('allowedRedirectAddresses')}, or use the address of the active node or load balancer.`,
    );
  }
  return next;
}

function parse(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function refused(ctx: RequestContext, summary: string, hint: string): VaultError {
  return new VaultError({ ...ctx, kind: 'unexpected_response', summary, hint });
}

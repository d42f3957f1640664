import { VaultError } from './errors';
import { trimTrailingSlashes } from './paths';

const EXAMPLE = 'for example https://vault.example.com:8200';

function invalid(summary: string, hint = `Enter the address of your Vault server, ${EXAMPLE}.`): VaultError {
  return new VaultError({ kind: 'invalid_address', summary, hint });
}

/**
 * Normalises a Vault address: trims it, strips trailing slashes and a trailing `/v1` (people paste
 * the API URL), and accepts only http/https without credentials, query or fragment. Throws a
 * `VaultError` of kind `invalid_address` before any request is made. The address is never echoed
 * when it might hold credentials.
 */
export function normalizeAddress(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw invalid('The Vault address is empty');
  }
  const trimmed = input.trim();
  if (/\s/.test(trimmed)) throw invalid('The Vault address contains spaces');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw invalid('The Vault address has no scheme', `Start it with https:// or http://, ${EXAMPLE}.`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid('The Vault address is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(
      `The Vault address uses the unsupported scheme "${url.protocol.replace(/:$/, '')}"`,
      `Use https:// (or http:// for a local dev server), ${EXAMPLE}.`,
    );
  }
  if (url.username || url.password) {
    throw invalid(
      'The Vault address contains a user name or password',
      'Remove the credentials from the address and use the authentication fields instead.',
    );
  }
  if (url.search || url.hash) throw invalid('The Vault address contains a query (?) or fragment (#)');
  if (!url.hostname) throw invalid('The Vault address has no host name');
  let path = trimTrailingSlashes(url.pathname);
  if (/\/v1$/i.test(path)) path = trimTrailingSlashes(path.slice(0, -3));
  return `${url.protocol}//${url.host}${path}`;
}

/** The origin (`scheme://host:port`) of a normalised address, for redirect checks. */
export function originOf(address: string): string {
  return new URL(address).origin;
}

/** The path prefix of a normalised address behind a reverse proxy ('' for none). */
export function basePathOf(address: string): string {
  return trimTrailingSlashes(new URL(address).pathname);
}

/** Splits a comma/newline separated list of addresses and normalises each. */
export function parseAddressList(input: unknown): string[] {
  if (input === undefined || input === null) return [];
  const items = Array.isArray(input) ? input.map(String) : String(input).split(/[\s,;]+/);
  return [...new Set(items.map((s) => s.trim()).filter((s) => s.length > 0).map(normalizeAddress))];
}

export function isLoopbackAddress(address: string): boolean {
  const host = new URL(address).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

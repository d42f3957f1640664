/** Which names a role allows: Vault's validateNames (builtin/logical/pki/cert_util.go). */
import { domainToASCII } from 'node:url';
import type { PkiRole } from './roles';

const HOSTNAME = /^(\*\.)?(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;

/** IDNA to ASCII for non-ASCII labels (a wildcard label is kept); undefined when a label cannot be converted. */
export function toAscii(name: string): string | undefined {
  if (/^[\x00-\x7f]*$/.test(name)) return name;
  const labels = name.split('.').map((l) => (l === '*' ? l : domainToASCII(l)));
  return labels.some((l) => l === '') ? undefined : labels.join('.');
}

export const isHostname = (name: string): boolean => HOSTNAME.test(name);

/** go-glob: `*` matches any run of characters. */
export function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(value);
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function allowedOne(role: PkiRole, name: string, displayName: string): boolean {
  let reduced = name;
  let emailDomain = name;
  let isEmail = false;
  let isWildcard = false;
  if (name.includes('@')) {
    const parts = name.split('@');
    if (parts.length !== 2) return false;
    reduced = emailDomain = parts[1];
    isEmail = true;
  }
  if (reduced.startsWith('*.')) {
    reduced = reduced.slice(2);
    isWildcard = true;
  }
  if (isEmail && isWildcard) return false;
  if (role.enforce_hostnames) {
    const converted = toAscii(reduced);
    if (converted === undefined || !isHostname(converted)) return false;
  }
  if (role.allow_any_name) return true;
  if (role.allow_localhost) {
    if (['localhost', 'localdomain'].includes(reduced) || (isEmail && ['localhost', 'localdomain'].includes(emailDomain))) return true;
    if (role.allow_subdomains && ['localhost', 'localdomain'].some((d) => reduced.endsWith(`.${d}`) || (isWildcard && reduced === d))) return true;
  }
  if (role.allow_token_displayname && displayName) {
    if (name === displayName) return true;
    if (role.allow_subdomains && (reduced.endsWith(`.${displayName}`) || (isWildcard && reduced === displayName))) return true;
  }
  for (const domain of role.allowed_domains) {
    if (domain === '') continue;
    if (role.allow_bare_domains && (eq(name, domain) || (isEmail && eq(emailDomain, domain)))) return true;
    if (role.allow_subdomains && (reduced.toLowerCase().endsWith(`.${domain.toLowerCase()}`) || (isWildcard && eq(reduced, domain)))) return true;
    if (role.allow_glob_domains && domain.includes('*') && glob(domain.toLowerCase(), name.toLowerCase())) return true;
  }
  return false;
}

/** The first name the role refuses, or undefined when all are allowed. */
export function firstRefusedName(role: PkiRole, names: string[], displayName: string): string | undefined {
  return names.find((n) => !allowedOne(role, n, displayName));
}

/**
 * Vault repeats `data` at the top level of the answer for some sys/ routes, for old clients
 * (http/handler.go injectDataIntoTopRoutes + logical.HTTPSysInjector): an entry ending in '/'
 * covers the subtree, like Go's ServeMux. Matched on the path as sent, so a namespace prefix
 * in the path (ns1/sys/mounts) does not match.
 */
import type { Result } from '../util/respond';

const ROUTES = [
  'sys/audit',
  'sys/audit/',
  'sys/audit-hash/',
  'sys/auth',
  'sys/auth/',
  'sys/config/cors',
  'sys/config/auditing/request-headers/',
  'sys/config/auditing/request-headers',
  'sys/capabilities',
  'sys/capabilities-accessor',
  'sys/capabilities-self',
  'sys/key-status',
  'sys/mounts',
  'sys/mounts/',
  'sys/policy',
  'sys/policy/',
  'sys/rekey/backup',
  'sys/rekey/recovery-key-backup',
  'sys/remount',
  'sys/rotate',
  'sys/wrapping/wrap',
];

function injects(path: string): boolean {
  return ROUTES.some((r) => (r.endsWith('/') ? path.startsWith(r) : path === r));
}

/** `path` is below /v1/, as sent. */
export function injectSysData(path: string, result: Result): Result {
  const body = result.body as { data?: unknown } | undefined;
  if (result.status !== 200 || !body || !injects(path)) return result;
  const data = body.data;
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) return result;
  return { ...result, body: { ...data, ...body } };
}

import { trimLeadingSlashes, trimSlashes } from '../util/slashes';
export interface RequestLogEntry {
  method: string;
  /** Namespace-relative, no /v1, no query. */
  path: string;
  query: Record<string, string>;
  /** '' for the root namespace, else e.g. 'ns1' or 'ns1/ns2'. */
  namespace: string;
  /** 0 when the connection was dropped or left hanging. */
  status: number;
  /** 'root', or the token's display name (never the token itself). */
  tokenLabel?: string;
  /** Which injected fault answered, when one did. */
  fault?: 'status' | 'drop' | 'hang' | 'redirect' | 'latency';
  at: number;
}

export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
  namespace?: string;
}

const trimNs = (ns: string) => trimSlashes(ns);

export function matchesFilter(e: RequestLogEntry, f: RequestFilter): boolean {
  if (f.method && e.method !== f.method.toUpperCase()) return false;
  if (f.namespace !== undefined && e.namespace !== trimNs(f.namespace)) return false;
  if (f.path !== undefined) {
    if (typeof f.path === 'string') {
      if (trimLeadingSlashes(f.path).replace(/^v1\//, '') !== e.path) return false;
    } else {
      f.path.lastIndex = 0;
      if (!f.path.test(e.path)) return false;
    }
  }
  return true;
}

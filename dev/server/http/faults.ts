import { trimLeadingSlashes } from '../util/slashes';
export interface FaultSpec {
  method?: string;
  path?: string | RegExp;
  /** How many matching requests it applies to (default 1); with `probability`, how many hits. */
  times?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  latencyMs?: number;
  drop?: boolean;
  hang?: boolean;
  redirectTo?: string;
  probability?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** Default bodies for injected statuses, as Vault (or the proxy in front of it) would send them. */
export function defaultFaultBody(status: number, path: string): unknown {
  switch (status) {
    case 412:
      return { errors: ['required index state not present'] };
    case 429:
      return { errors: [`request path "${path}": rate limit quota exceeded`] };
    case 500:
      return { errors: ['internal error'] };
    case 502:
      return { errors: ['bad gateway'] };
    case 503:
      return { errors: ['Vault is sealed'] };
    default:
      return { errors: [] };
  }
}

/** Faults waiting for matching requests; each removes itself after `times` hits. */
export class FaultList {
  private list: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.list.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.list = [];
  }

  get size(): number {
    return this.list.length;
  }

  /** Takes one hit from the first fault matching the request, if any. */
  take(methods: string[], paths: string[]): FaultSpec | undefined {
    for (const f of this.list) {
      const { spec } = f;
      if (spec.method && !methods.includes(spec.method.toUpperCase())) continue;
      if (spec.path !== undefined && !paths.some((p) => pathMatches(spec.path!, p))) continue;
      if (spec.probability !== undefined && Math.random() >= spec.probability) continue;
      if (--f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
      return spec;
    }
    return undefined;
  }
}

function pathMatches(want: string | RegExp, path: string): boolean {
  if (typeof want === 'string') return trimLeadingSlashes(want).replace(/^v1\//, '') === path;
  want.lastIndex = 0;
  return want.test(path);
}

/**
 * What `sys/health` says about a node, in one table used by both `validate` (which asks it first)
 * and the transport (which asks it after a request finally failed with a 5xx).
 */
import type { Dispatcher } from 'undici';
import { sharedFieldName } from '../connection/shared-fields';
import { type VaultError, retell } from '../errors';
import type { VaultErrorKind } from '../types';
import { boundedExchange } from './bounded-exchange';

export type HealthState = 'active' | 'standby' | 'perf_standby' | 'dr_secondary' | 'uninitialized' | 'sealed';

/** `sys/health` status codes besides 200 (Vault docs): states, not failures. */
const STATES_BY_STATUS: ReadonlyMap<number, HealthState> = new Map([
  [200, 'active'],
  [429, 'standby'],
  [472, 'dr_secondary'],
  [473, 'perf_standby'],
  [501, 'uninitialized'],
  [503, 'sealed'],
]);

export const HEALTH_STATUSES: readonly number[] = [...STATES_BY_STATUS.keys()].filter((s) => s !== 200);

export function healthStateFromStatus(status: number): HealthState | undefined {
  return STATES_BY_STATUS.get(status);
}

export interface HealthProblem {
  kind: VaultErrorKind;
  summary: string;
  hint: string;
}

/** Also what a 503 "Vault is sealed" means, without asking `sys/health`. */
export const SEALED: HealthProblem = { kind: 'sealed', summary: 'Vault is sealed', hint: 'Ask your Vault admin to unseal Vault; every request fails until it is unsealed.' };

/** The states in which a node cannot serve requests, said once. Active nodes and performance standbys (which serve reads) have none. */
export const HEALTH_PROBLEMS: Readonly<Partial<Record<HealthState, HealthProblem>>> = {
  sealed: SEALED,
  standby: {
    kind: 'standby',
    summary: 'This Vault node is a standby and does not serve requests',
    hint: `Use the address of the active node or of the cluster's load balancer, or add the active node's address to ${sharedFieldName('allowedRedirectAddresses')}.`,
  },
  dr_secondary: {
    kind: 'standby',
    summary: 'This Vault node is a disaster-recovery secondary and does not serve requests',
    hint: "Use the primary cluster's address.",
  },
  uninitialized: { kind: 'server', summary: 'Vault is not initialised', hint: 'Ask your Vault admin to initialise and unseal Vault.' },
};

/** Adds what `sys/health` told us to a final 5xx failure. */
export function withHealth(err: VaultError, state: HealthState | undefined): VaultError {
  const problem = state && HEALTH_PROBLEMS[state];
  return problem ? retell(err, problem) : err;
}

const PROBE_TIMEOUT_MS = 5_000;
const PROBE_MAX_BYTES = 64 * 1024;

/** Asks the node's `sys/health` (no token, no retries, at most 5 s); undefined when it does not answer. */
export async function probeHealth(dispatcher: Dispatcher, basePath: string, timeoutMs: number): Promise<HealthState | undefined> {
  try {
    const answer = await boundedExchange(
      dispatcher,
      { path: `${basePath}/v1/sys/health`, method: 'GET', headers: { 'x-vault-request': 'true' } },
      { deadline: Date.now() + Math.min(timeoutMs, PROBE_TIMEOUT_MS), maxBytes: PROBE_MAX_BYTES },
    );
    return healthStateFromStatus(answer.status);
  } catch {
    return undefined;
  }
}

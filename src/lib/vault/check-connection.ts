/**
 * What the connection's `validate` runs, in order: address -> sys/health (unauthenticated) ->
 * login -> lookup-self. Each failure gets its own message saying what is wrong and what to do.
 */
import { z } from 'zod';
import { isLoopbackAddress, normalizeAddress } from './address';
import { loginMethodNamed, lookupSelf } from './auth';
import { parseConnection } from './connection/parse';
import { sharedFieldName } from './connection/shared-fields';
import { VaultError, isVaultError } from './errors';
import { isRefusal } from './http-errors';
import { createVaultHttp } from './http';
import { redact } from './redact';
import { HEALTH_PROBLEMS, HEALTH_STATUSES, type HealthState, healthStateFromStatus } from './transport/health';
import type { VaultConnectionConfig, VaultHttp, VaultToken } from './types';

export type CheckResult = { valid: true; warnings: string[] } | { valid: false; error: string };

/** validate() must answer quickly: fewer retries and a shorter budget than actions get. */
const VALIDATE_MAX_RETRIES = 1;
const VALIDATE_RETRY_BUDGET_MS = 3_000;
const VALIDATE_TIMEOUT_MS = 15_000;

const healthSchema = z.object({ initialized: z.boolean(), sealed: z.boolean() }).passthrough();

/** Parses the props (flat or wrapped) and checks the connection; never throws. */
export async function checkConnectionProps(auth: unknown): Promise<CheckResult> {
  let config: VaultConnectionConfig;
  try {
    config = parseConnection(auth);
  } catch (e) {
    return { valid: false, error: isVaultError(e) ? e.message : 'The connection settings are not valid.' };
  }
  return checkConnection(config);
}

export async function checkConnection(config: VaultConnectionConfig): Promise<CheckResult> {
  const fail = (message: string): CheckResult => ({ valid: false, error: redact(message, config.secrets) });
  const method = loginMethodNamed(config.authMethod);
  let address: string;
  try {
    address = normalizeAddress(config.url);
  } catch (e) {
    return fail(isVaultError(e) ? e.message : 'The Vault address is not valid.');
  }
  const http = createVaultHttp({
    ...config,
    url: address,
    maxRetries: Math.min(config.maxRetries, VALIDATE_MAX_RETRIES),
    retryBudgetMs: Math.min(config.retryBudgetMs, VALIDATE_RETRY_BUDGET_MS),
    requestTimeoutMs: Math.min(config.requestTimeoutMs, VALIDATE_TIMEOUT_MS),
  });
  try {
    const healthProblem = await checkHealth(http, address);
    if (healthProblem) return fail(healthProblem);

    let token: VaultToken;
    try {
      token = await method.login(config, http);
    } catch (e) {
      return fail(isVaultError(e) ? e.message : `The ${method.label} login failed.`);
    }

    let policies = token.policies;
    if (token.fromLogin) {
      try {
        policies = (await lookupSelf(http, token.clientToken)).policies;
      } catch (e) {
        await revoke(http, token);
        return fail(
          `Logged in with ${method.label}, but Vault refused to look up the new token` +
            (isVaultError(e) ? `: ${e.message}` : '.') +
            (config.namespace ? ` Check the namespace "${config.namespace}".` : ''),
        );
      }
      await revoke(http, token);
    }
    if (policies.length === 0 || policies.every((p) => p === 'default')) {
      return fail(
        `Logged in with ${method.label} at ${address}, but the token only has the "default" policy, so it cannot read or write any secret. ` +
          `Ask your Vault admin to attach a policy that grants access to your secrets (e.g. "read" on "secret/data/*") to the ${config.authMethod === 'token' ? 'token' : 'role or user'}.`,
      );
    }
    return { valid: true, warnings: warningsFor(config, address) };
  } finally {
    await http.close();
  }
}

/** An unauthenticated `sys/health`: reachable, TLS, really Vault, initialised, unsealed, active. */
async function checkHealth(http: VaultHttp, address: string): Promise<string | undefined> {
  let status: number;
  let health: z.infer<typeof healthSchema>;
  try {
    // sys/health lives in the root namespace only: send it without the namespace header.
    const res = await http.request({
      method: 'GET',
      path: 'sys/health',
      headers: { 'x-vault-namespace': '' },
      acceptStatuses: [...HEALTH_STATUSES],
      schema: healthSchema,
    });
    status = res.status;
    health = res.body;
  } catch (e) {
    if (isVaultError(e) && e.kind === 'unexpected_response' && e.status !== undefined) {
      return `${address} answered /v1/sys/health, but not like Vault does (no "initialized"/"sealed" fields). Check the address: it must be Vault's API address, not a web page or another service.`;
    }
    if (isVaultError(e) && isRefusal(e)) {
      return `${address} answered ${e.status} to /v1/sys/health, so it does not look like Vault's API. Check the address: use the one the Vault CLI uses (e.g. https://vault.example.com:8200), without a path.`;
    }
    return isVaultError(e) ? e.message : `Could not reach Vault at ${address}.`;
  }
  const reported = healthStateFromStatus(status);
  const state: HealthState | undefined =
    reported === 'uninitialized' || !health.initialized ? 'uninitialized' : reported === 'sealed' || health.sealed ? 'sealed' : reported;
  const problem = state && HEALTH_PROBLEMS[state];
  return problem && new VaultError({ ...problem, method: 'GET', path: 'sys/health', address }).message;
}

/** Validation should not leave a live token behind for every click on "Save". */
async function revoke(http: VaultHttp, token: VaultToken): Promise<void> {
  if (!token.fromLogin || token.tokenType === 'batch') return;
  await http.request({ method: 'POST', path: 'auth/token/revoke-self', token: token.clientToken, idempotent: true }).catch(() => undefined);
}

function warningsFor(config: VaultConnectionConfig, address: string): string[] {
  const warnings: string[] = [];
  if (config.tlsSkipVerify && address.startsWith('https:')) {
    warnings.push(
      `TLS certificate verification is off: anyone between Activepieces and Vault could read the token and secrets. Paste the CA certificate into ${sharedFieldName('caCertificate')} and turn ${sharedFieldName('tlsSkipVerify')} off.`,
    );
  }
  if (address.startsWith('http:') && !isLoopbackAddress(address)) {
    warnings.push('The address uses http:// (no TLS): tokens and secrets travel unencrypted. Use https:// unless this is a local dev server.');
  }
  return warnings;
}

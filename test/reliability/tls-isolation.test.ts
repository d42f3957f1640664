/**
 * TLS settings belong to one connection: a skip-verify connection and a strict one to the same
 * self-signed server, in one process and at the same time, behave each as configured, and the
 * process environment (NODE_TLS_REJECT_UNAUTHORIZED) is never read or written by the piece.
 */
import vm from 'node:vm';
import { getSecret } from '../../src/lib/actions/get-secret';
import { vaultAuth } from '../../src/lib/auth';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { unclearError } from './support';
import { kvPut, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { runAction } from '../helpers/engine';

/** Node's TLS reads the worker's real environment, not jest's copy of `process`. */
const realEnv = (vm.runInThisContext('process') as NodeJS.Process).env;

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault({ tls: true, rootToken: 'root-TLS-ISOLATION-TOKEN-99' });
  await kvPut(vault, 'secret', 'tls/a', { v: 'ok' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

const base = () => ({ url: vault.url, authMethod: 'token', token: vault.rootToken, cacheTtlSeconds: 0, maxRetries: 0 });
const skipVerify = () => ({ ...base(), tlsSkipVerify: true });
const strict = () => ({ ...base() });
const withCa = () => ({ ...base(), caCertificate: vault.tls!.caPem });
const wrongCa = () => ({ ...base(), caCertificate: vault.tls!.otherCaPem });

async function outcome(auth: Record<string, unknown>): Promise<string> {
  try {
    const out = await runAction(getSecret, auth, { path: 'secret/tls/a' });
    return out.data.v === 'ok' ? 'ok' : 'wrong data';
  } catch (e) {
    const why = unclearError(e, vault.url);
    if (why) return `unclear: ${why}`;
    return /certificate|TLS/i.test((e as Error).message) ? 'tls-refused' : `other: ${(e as Error).message}`;
  }
}

it('skip-verify, strict, own-CA and wrong-CA connections side by side each keep their own TLS rule', async () => {
  const envBefore = realEnv.NODE_TLS_REJECT_UNAUTHORIZED;
  const rounds = await Promise.all(
    Array.from({ length: 5 }, () => Promise.all([outcome(skipVerify()), outcome(strict()), outcome(withCa()), outcome(wrongCa())])),
  );
  for (const [skip, strictResult, ca, wrong] of rounds) {
    expect(skip).toBe('ok');
    expect(strictResult).toBe('tls-refused');
    expect(ca).toBe('ok');
    expect(wrong).toBe('tls-refused');
  }
  // A strict connection made after the skip-verify one was used is still strict.
  expect(await outcome(strict())).toBe('tls-refused');
  expect(realEnv.NODE_TLS_REJECT_UNAUTHORIZED).toBe(envBefore);
  expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(envBefore);
});

it('a process-wide NODE_TLS_REJECT_UNAUTHORIZED=0 does not make a strict connection accept the certificate', async () => {
  const saved = realEnv.NODE_TLS_REJECT_UNAUTHORIZED;
  const savedEmit = process.emitWarning;
  process.emitWarning = () => undefined; // Node warns once about the variable; not our output.
  realEnv.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  try {
    expect(await outcome({ ...strict(), requestTimeoutSeconds: 7 })).toBe('tls-refused');
  } finally {
    if (saved === undefined) delete realEnv.NODE_TLS_REJECT_UNAUTHORIZED;
    else realEnv.NODE_TLS_REJECT_UNAUTHORIZED = saved;
    process.emitWarning = savedEmit;
  }
});

it('validate of a skip-verify connection and of a strict one: only the strict one fails, and the env is untouched', async () => {
  const envBefore = realEnv.NODE_TLS_REJECT_UNAUTHORIZED;
  const check = (auth: Record<string, unknown>) =>
    (vaultAuth.validate as (p: { auth: Record<string, unknown>; server: unknown }) => Promise<{ valid: boolean; error?: string }>)({ auth, server: {} });
  const [skip, strictResult] = await Promise.all([check(skipVerify()), check(strict())]);
  expect(skip.valid).toBe(true);
  expect(strictResult.valid).toBe(false);
  expect(strictResult.error).toMatch(/CA Certificate/);
  expect(realEnv.NODE_TLS_REJECT_UNAUTHORIZED).toBe(envBefore);
});

/**
 * Every prop of every action, fuzzed one at a time (the others valid), run through `runAction`
 * with wrapped auth: each run succeeds or fails with a clear error, never a crash, an unhandled
 * rejection or a partial write (a failed run changed nothing in Vault). Then a scan of every
 * error, console/stdout output, store dump and non-read output for the secrets in play.
 */
import vm from 'node:vm';
import { vaultActions } from '../../src/lib/actions';
import { resolveReferencesAction } from '../../src/lib/references';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { describeValue, fuzzValues } from './fuzz-values';
import { captureOutput, safeStringify, settle, unclearError, watchUnhandledRejections } from './support';
import { kvPut, rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, runAction } from '../helpers/engine';
import { validProps } from '../helpers/action-props';

const ROOT = 'root-FUZZ-TOKEN-9f8e7d6c';
const VALUE = 'FUZZ-VALUE-SECRET-1a2b3c';
const PASSWORD = 'FUZZ-PASSWORD-4d5e6f';
const PLAINTEXT = 'FUZZ-PLAINTEXT-7a8b9c';
const SECRETS = [ROOT, VALUE, PASSWORD, PLAINTEXT];

/** Actions whose own result is the secret they were asked for. */
const READ_RESULTS = new Set(['read_secret', 'get_secret', 'read_secrets_under_path', 'resolve_references', 'transit_decrypt', 'custom_api_call']);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let vault: VaultDevServer;
let ciphertext: string;

beforeAll(async () => {
  vault = await startVault({ rootToken: ROOT });
  await kvPut(vault, 'secret', 'fuzz/p', { k: VALUE });
  await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'transit/keys/fuzzkey', {});
  await rootRequest(vault, 'POST', 'transit/keys/fuzzsign', { type: 'ed25519' });
  await rootRequest(vault, 'POST', 'sys/mounts/totp', { type: 'totp' });
  await rootRequest(vault, 'POST', 'totp/keys/fuzz', { generate: true, issuer: 'Fuzz', account_name: 'fuzz@example.com' });
  await rootRequest(vault, 'POST', 'sys/auth/userpass', { type: 'userpass' });
  const enc = await rootRequest(vault, 'POST', 'transit/encrypt/fuzzkey', { plaintext: Buffer.from(PLAINTEXT).toString('base64') });
  ciphertext = enc.body.data.ciphertext;
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

const auth = () => ({ url: vault.url, authMethod: 'token', token: ROOT, cacheTtlSeconds: 0, maxRetries: 0, requestTimeoutSeconds: 5 });

/** The server a failure must name: Vault's, or for send_http_request the one its URL points at. */
function addressOf(action: string, props: Record<string, unknown>): string {
  if (action !== 'send_http_request') return vault.url;
  try {
    return new URL(String(props.url)).origin;
  } catch {
    return vault.url;
  }
}

interface Finding {
  run: string;
  problem: string;
}

const actions = [...vaultActions, resolveReferencesAction];
const values = fuzzValues();
const errorsSeen: string[] = [];
const outputsSeen: string[] = [];
const store = new MemoryStore();

describe.each(actions.map((a) => [a.name, a] as const))('%s', (name, action) => {
  it('every prop survives every bad value', async () => {
    const findings: Finding[] = [];
    const rejections = watchUnhandledRejections();
    const output = captureOutput();
    let runs = 0;
    try {
      for (const prop of Object.keys(action.props)) {
        for (const value of values) {
          const run = `${name}.${prop} = ${describeValue(value)}`;
          const props = { ...validProps(name, { value: VALUE, password: PASSWORD, plaintext: PLAINTEXT, ciphertext }), [prop]: value };
          vault.clearRequests();
          runs++;
          try {
            const out = await runAction(action, auth(), props, { store });
            if (!READ_RESULTS.has(name)) outputsSeen.push(`${run}: ${safeStringify(out)}`);
          } catch (e) {
            errorsSeen.push(`${run}: ${String(e)} ${safeStringify(e)}`);
            const why = unclearError(e, addressOf(name, props));
            if (why) findings.push({ run, problem: why });
            const changed = vault.requests.filter((r) => MUTATING.has(r.method) && r.status >= 200 && r.status < 300);
            if (changed.length > 0) findings.push({ run, problem: `failed after changing Vault: ${changed.map((r) => `${r.method} ${r.path}`).join(', ')}` });
          }
        }
      }
      await settle();
    } finally {
      output.restore();
      rejections.stop();
    }
    errorsSeen.push(output.text());
    expect(runs).toBeGreaterThan(values.length - 1);
    expect(findings).toEqual([]);
    expect(rejections.reasons.map(String)).toEqual([]);
  }, 60_000);
});

it('no secret appears in any error, console output, store or non-read output', () => {
  const haystacks = [...errorsSeen, ...outputsSeen, store.dump()];
  expect(errorsSeen.length).toBeGreaterThan(100);
  const leaks = haystacks.flatMap((text) => SECRETS.filter((s) => text.includes(s)).map((s) => `${s} in: ${text.slice(0, 300)}`));
  expect(leaks).toEqual([]);
});

it('the detectors work: an unhandled rejection and a crash-shaped error are seen', async () => {
  // Jest fails a test on an unhandled rejection too: its listeners step aside for this one.
  const realProcess = vm.runInThisContext('process') as NodeJS.Process;
  const jestListeners = realProcess.rawListeners('unhandledRejection') as ((...a: unknown[]) => void)[];
  realProcess.removeAllListeners('unhandledRejection');
  const rejections = watchUnhandledRejections();
  try {
    void Promise.reject(new Error('deliberate'));
    await settle();
  } finally {
    rejections.stop();
    for (const l of jestListeners) realProcess.on('unhandledRejection', l);
  }
  expect(rejections.reasons).toHaveLength(1);
  expect(unclearError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeDefined();
  expect(unclearError(new Error('The Vault path "a//b" is not allowed: it contains an empty segment'))).toBeUndefined();
});

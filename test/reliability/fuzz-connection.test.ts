/**
 * Every connection prop, fuzzed one at a time through `validate` with FLAT props (as the product
 * calls it): it always answers `{valid, error}`, never throws, never crashes, never echoes a
 * credential, and never touches the process's TLS settings. Addresses tried are loopback only.
 */
import { vaultAuth } from '../../src/lib/auth';
import { describeValue, fuzzValues } from './fuzz-values';
import { captureOutput, safeStringify, settle, unclearError, watchUnhandledRejections } from './support';
import { startVault, type VaultDevServer } from '../helpers/vault-setup';

const ROOT = 'root-CONN-FUZZ-TOKEN-31415';
const OTHER_SECRETS = { secretId: 'CONN-FUZZ-SECRET-ID-2718', password: 'CONN-FUZZ-PASSWORD-1618', jwt: 'CONN-FUZZ-JWT-1414' };

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault({ rootToken: ROOT });
});
afterAll(async () => {
  await vault.stop();
});

const baseline = (): Record<string, unknown> => ({ url: vault.url, authMethod: 'token', token: ROOT, maxRetries: 0, ...OTHER_SECRETS });

/** Address values: never a host that needs DNS or lives off this machine. */
function urlValues(): unknown[] {
  const noScheme = fuzzValues().filter((v) => typeof v !== 'string' || !v.includes('://'));
  return [
    ...noScheme,
    'ftp://127.0.0.1/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://',
    'http://127.0.0.1:1',
    'http://[::1]:1',
    `http://user:${ROOT}@127.0.0.1:1`,
    `${vault.url}/v1`,
    `${vault.url}/%2e%2e/sys`,
    `${vault.url}?x=1`,
    `${vault.url}#frag`,
    `${vault.url}\n`,
    `  ${vault.url}  `,
  ];
}

const validate = (auth: Record<string, unknown>) =>
  (vaultAuth.validate as (p: { auth: Record<string, unknown>; server: unknown }) => Promise<{ valid: boolean; error?: string }>)({
    auth,
    server: { apiUrl: 'http://localhost:3000', publicUrl: 'http://localhost:4200', token: 'x' },
  });

it('validate answers every fuzzed prop with a clear result, no secret and no crash', async () => {
  const props = [...Object.keys(vaultAuth.props), 'connectTimeoutSeconds', 'retryBudgetSeconds'];
  const values = fuzzValues(11);
  const envBefore = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  const rejections = watchUnhandledRejections();
  const output = captureOutput();
  const problems: string[] = [];
  const texts: string[] = [];
  let validCount = 0;
  let runs = 0;
  try {
    for (const prop of props) {
      for (const value of prop === 'url' ? urlValues() : values) {
        const run = `${prop} = ${describeValue(value)}`;
        runs++;
        let result: { valid: boolean; error?: string };
        try {
          result = await validate({ ...baseline(), [prop]: value });
        } catch (e) {
          problems.push(`${run}: validate threw ${safeStringify(e)}`);
          continue;
        }
        texts.push(`${run}: ${safeStringify(result)}`);
        if (typeof result?.valid !== 'boolean') problems.push(`${run}: no valid flag: ${safeStringify(result)}`);
        else if (result.valid) validCount++;
        else {
          const why = unclearError(new Error(result.error));
          if (why) problems.push(`${run}: ${why}`);
        }
      }
    }
    await settle();
  } finally {
    output.restore();
    rejections.stop();
  }
  texts.push(output.text());
  const secrets = [ROOT, ...Object.values(OTHER_SECRETS)];
  const leaks = texts.flatMap((t) => secrets.filter((s) => t.includes(s)).map((s) => `${s} in ${t.slice(0, 200)}`));

  expect(runs).toBeGreaterThan(props.length * 20);
  expect(problems).toEqual([]);
  expect(leaks).toEqual([]);
  expect(rejections.reasons.map(String)).toEqual([]);
  // The baseline is a working connection: fuzzing an unused prop keeps it valid.
  expect(validCount).toBeGreaterThan(0);
  expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(envBefore);
}, 90_000);

it('a wrong type in a credential prop names the prop, never the value', async () => {
  const result = await validate({ ...baseline(), token: { nested: ROOT } });
  expect(result.valid).toBe(false);
  expect(result.error).toMatch(/Token/);
  expect(result.error).not.toContain(ROOT);
});

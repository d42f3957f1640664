/**
 * Defects the fuzzing found, one test each, plus the promise that paths and references cannot
 * reach other endpoints.
 */
import { customApiCall } from '../../src/lib/actions/custom-api-call';
import { getSecret } from '../../src/lib/actions/get-secret';
import { listTransitKeysAction } from '../../src/lib/actions/list-transit-keys';
import { readSecret } from '../../src/lib/actions/read-secret';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { resolveReferencesAction } from '../../src/lib/references';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { unclearError } from './support';
import { kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { runFailing } from '../helpers/errors';

let vault: VaultDevServer;

beforeAll(async () => {
  vault = await startVault();
  await kvPut(vault, 'secret', 'reg/a', { k: 'v' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});
beforeEach(() => vault.clearRequests());

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

it('a path with an unpaired Unicode surrogate is refused clearly (was a bare "URI malformed")', async () => {
  for (const [action, props] of [
    [getSecret, { path: 'secret/a\ud800b' }],
    [writeSecret, { path: 'secret/\udc00', data: { k: 'v' } }],
    [customApiCall, { method: 'GET', path: 'secret/data/\ud800' }],
    [listTransitKeysAction, { transitPath: 'tr\ud800' }],
  ] as const) {
    const e = await runFailing(action, rootAuth(vault), props);
    expect(e.message).not.toMatch(/^URI malformed$/);
    expect(unclearError(e)).toBeUndefined();
    expect(e.message).toMatch(/Unicode/);
  }
  expect(vault.requests).toEqual([]);
});

it('a body nested too deeply fails clearly and sends nothing (was a RangeError)', async () => {
  const e = await runFailing(writeSecret, rootAuth(vault), { path: 'secret/reg/deep', data: { k: nested(20_000) } });
  expect(unclearError(e)).toBeUndefined();
  expect(e.message).toMatch(/nested more than 100 levels deep/);
  expect(vault.requests).toEqual([]);
});

it('resolve_references with a value nested too deeply fails clearly (was a stack overflow)', async () => {
  const e = await runFailing(resolveReferencesAction, rootAuth(vault), { value: nested(5_000) });
  expect(e.message).toMatch(/nested more than \d+ levels/);
  expect(unclearError(e)).toBeUndefined();
});

it('control characters in a custom API path are refused before any request', async () => {
  const e = await runFailing(customApiCall, rootAuth(vault), { method: 'GET', path: 'sys/health\r\nX: 1' });
  expect(e.message).toMatch(/control characters/);
  expect(vault.requests).toEqual([]);
});

it('paths and references cannot reach another endpoint (.., %2e%2e, ?, #, control characters)', async () => {
  const attempts = ['secret/../sys/seal', 'secret/%2e%2e/sys/seal', '%2E%2E/%2E%2E/sys/seal', 'secret/a?/../../sys/seal', 'secret/a#/../sys/seal', 'secret/a\u0000/../sys/seal', 'secret/a%2f..%2fsys'];
  for (const path of attempts) {
    await runFailing(getSecret, rootAuth(vault), { path });
    await runFailing(writeSecret, rootAuth(vault), { path, data: { k: 'v' } });
    await runFailing(readSecret, rootAuth(vault), { reference: `${path}/key` });
  }
  expect(vault.count({ path: /sys\/seal/ })).toBe(0);
  expect(vault.requests.filter((r) => r.method !== 'GET')).toEqual([]);
});

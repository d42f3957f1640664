/**
 * The engine shows a failed step's error as `util.inspect(error)` (unless the message is JSON).
 * Every error the piece throws renders as its message and the fields a person can act on: no
 * stack frames into the minified bundle, no install path, nothing secret.
 */
import { inspect } from 'node:util';
import { getSecret } from '../../src/lib/actions/get-secret';
import { readSecret } from '../../src/lib/actions/read-secret';
import { resolveReferencesAction } from '../../src/lib/references';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runFailing } from '../helpers/errors';
import { createAppRole, enableKv, kvPut, startVault, writePolicy, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;
let appRole: { roleId: string; secretId: string };

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'secret', 2);
  await kvPut(vault, 'secret', 'team/db', { password: 'rendered-secret-value' });
  await writePolicy(vault, 'narrow', 'path "secret/data/other/*" { capabilities = ["read"] }');
  appRole = await createAppRole(vault, { role: 'narrow', policies: ['narrow'] });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

const auth = () => ({ url: vault.url, authMethod: 'appRole', roleId: appRole.roleId, secretId: appRole.secretId, cacheTtlSeconds: 0 });

function expectReadable(rendered: string, error: Error): void {
  expect(rendered.startsWith(`${error.name}: ${error.message}`)).toBe(true);
  expect(rendered).not.toMatch(/^\s+at /m);
  expect(rendered).not.toContain(__dirname.split('/test/')[0]);
  for (const secret of [appRole.secretId, appRole.roleId, 'rendered-secret-value']) expect(rendered).not.toContain(secret);
  expect(rendered.split('\n').length).toBeLessThanOrEqual(3);
}

it('a Vault refusal shows its message, kind, status, method, path and address', async () => {
  const error = await runFailing(getSecret, auth(), { path: 'secret/team/db' });
  const rendered = inspect(error);
  expectReadable(rendered, error);
  expect(rendered).toContain('kind: permission_denied, status: 403, method: GET, path: secret/data/team/db');
  expect(rendered).toContain(`address: ${vault.url}`);
});

it('bad input and a broken reference render the same way', async () => {
  for (const [action, props] of [
    [readSecret, { reference: 'secret' }],
    [resolveReferencesAction, { value: '[[vault:secret/data/team/db/nope]]' }],
  ] as const) {
    const error = await runFailing(action, { ...auth(), secretId: appRole.secretId }, props);
    expectReadable(inspect(error), error);
  }
});

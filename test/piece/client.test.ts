/**
 * Every step run hands the piece a new copy of the connection's props: the same props get the same
 * client, and changed props are parsed and checked again (`clientFor` keeps parsed props by their
 * JSON; how much that saves is measured in bench/action-reads.ts).
 */
import { clientFor } from '../../src/lib/common/client';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { wrapAuth } from '../helpers/engine';
import { errorOf } from '../helpers/errors';
import { rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;
beforeAll(async () => {
  vault = await startVault();
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

it('gives each run with the same props the same client, flat or wrapped', () => {
  const props = rootAuth(vault, { cacheTtlSeconds: 120 });
  const first = clientFor(wrapAuth({ ...props }));
  expect(clientFor(wrapAuth({ ...props }))).toBe(first);
  expect(clientFor({ ...props })).toBe(first);
});

it('checks changed props again: a broken field fails, another credential gets another client', async () => {
  const props = rootAuth(vault, { cacheTtlSeconds: 121 });
  const first = clientFor(wrapAuth(props));
  const broken = await errorOf(async () => clientFor(wrapAuth({ ...props, caCertificate: '-----BEGIN CERTIFICATE----- not base64 -----END CERTIFICATE-----' })));
  expect(broken.kind).toBe('invalid_config');
  expect(broken.message).toContain('CA Certificate (PEM)');
  const other = clientFor(wrapAuth({ ...props, token: 'another-token-value' }));
  expect(other).not.toBe(first);
  expect(other.config.secrets).toContain('another-token-value');
});

it('sees a props object changed in place', () => {
  const props: Record<string, unknown> = rootAuth(vault, { cacheTtlSeconds: 122 });
  const first = clientFor(props);
  props.accessMode = 'read_only';
  const second = clientFor(props);
  expect(second).not.toBe(first);
  expect(second.config.accessMode).toBe('read_only');
});

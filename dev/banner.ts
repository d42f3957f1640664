/** What `npm run dev-server` prints, laid out like Vault's own start-up output. */
import { VAULT_VERSION } from './server/constants';
import type { VaultDevServer } from './server';

function header(url: string, hostPort: string, tls: boolean): string[] {
  return [
    '==> Vault server configuration:',
    '',
    `Api Address: ${url}`,
    `Listener 1: tcp (addr: "${hostPort}", max_request_size: "33554432", tls: "${tls ? 'enabled' : 'disabled'}")`,
    'Storage: inmem',
    `Version: Vault v${VAULT_VERSION} (Vault-compatible dev server for tests)`,
    '',
    '==> Vault server started! Log data will stream in below:',
    '',
  ];
}

/** Like `vault server -dev` (its key lines unpadded so scripts can grep them at line start). */
export function devBanner(url: string, hostPort: string, vault: VaultDevServer): string[] {
  return [
    ...header(url, hostPort, !!vault.tls),
    'WARNING! dev mode is enabled! In this mode, Vault runs entirely in-memory',
    'and starts unsealed with a single unseal key. The root token is already',
    'authenticated to the CLI, so you can immediately begin using Vault.',
    '',
    'You may need to set the following environment variable:',
    '',
    `    $ export VAULT_ADDR='${url}'`,
    '',
    'The unseal key and root token are displayed below in case you want to',
    'seal/unseal the Vault or re-authenticate.',
    '',
    `Unseal Key: ${vault.unsealKey}`,
    `Root Token: ${vault.rootToken}`,
    '',
    'Development mode should NOT be used in production installations!',
  ];
}

/** Like `vault server -config` with in-memory storage: nothing to print until `vault operator init`. */
export function uninitializedBanner(url: string, hostPort: string, tls: boolean): string[] {
  return [
    ...header(url, hostPort, tls),
    'Vault is not initialized: run `vault operator init` (PUT /v1/sys/init), then unseal it',
    `with the keys it prints (PUT /v1/sys/unseal). export VAULT_ADDR='${url}'`,
  ];
}

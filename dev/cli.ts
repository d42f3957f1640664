/**
 * `npm run dev-server -- --port 8200 --root-token root [--tls] [--require-client-cert] [--no-patch] [--uninitialized]`
 * Runs the Vault-compatible dev server in the foreground on 127.0.0.1 until Ctrl-C.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVaultDevServer } from './server';
import { devBanner, uninitializedBanner } from './banner';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const port = Number(arg('port') ?? 8200);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${arg('port')}`);
  const vault = await startVaultDevServer({
    port,
    rootToken: arg('root-token'),
    tls: flag('tls'),
    requireClientCert: flag('require-client-cert'),
    patchSupported: !flag('no-patch'),
    uninitialized: flag('uninitialized'),
  });
  const hostPort = vault.url.replace(/^https?:\/\//, '');
  const lines = flag('uninitialized') ? uninitializedBanner(vault.url, hostPort, !!vault.tls) : devBanner(vault.url, hostPort, vault);
  if (vault.tls) {
    const dir = mkdtempSync(join(tmpdir(), 'vault-dev-tls-'));
    writeFileSync(join(dir, 'ca.pem'), vault.tls.caPem);
    writeFileSync(join(dir, 'client.pem'), vault.tls.clientCertPem);
    writeFileSync(join(dir, 'client-key.pem'), vault.tls.clientKeyPem, { mode: 0o600 });
    lines.push('', `CA certificate: ${join(dir, 'ca.pem')}  (export VAULT_CACERT=...)`, `Client certificate/key: ${join(dir, 'client.pem')} ${join(dir, 'client-key.pem')}`);
  }
  // before the banner: whoever waits for it may signal at once
  const shutdown = () => {
    void vault.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`dev server failed to start: ${e.message}\n`);
  process.exit(1);
});

/**
 * The command line (`dev/start.ts`, `dev/cli.ts`): `npm start` (demo and real-Vault mode),
 * `npm start -- --help` and `npm run dev-server`, run as a person runs them; a failing real-Vault
 * run prints no credential and no secret value.
 */
import { createAppRole, createToken, kvPut, startVault, writePolicy, type VaultDevServer } from '../helpers/vault-setup';
import { bundleScript, exited, runScript, startScript } from './run-cli';

jest.setTimeout(60_000);

describe('npm start', () => {
  it('runs the demo on its own dev server through the piece actions, with one login', async () => {
    const run = await runScript('dev/start.ts', []);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const step of ['validate', 'write_secret', 'get_secret (first read)', 'get_secret (cached read)', 'clear_cache', 'get_secret (re-read after clear)']) {
      expect(run.stdout).toContain(step);
    }
    expect(run.stdout).toMatch(/get_secret \(cached read\)\s+[\d.]+ ms\s+0 Vault request/);
    expect(run.stdout).toContain('-> valid');
    expect(run.stdout).toMatch(/re-read after clear[^\n]*\n[^\n]*GET secret\/data\/demo\/db\n\s+-> version 2/);
    expect(run.stdout.match(/POST auth\/approle\/login/g)).toHaveLength(2); // validate's own login + the one shared client
    // After the KV steps: a certificate issued, its expiry shown, its key never printed.
    expect(run.stdout).toMatch(/issue_certificate [^\n]*\n\s+POST pki\/issue\/demo-web\n\s+-> CN=app\.demo\.example\.com, serial [0-9a-f:]+, expires \d{4}-\d\d-\d\dT[^ ]+ \(in [\d.]+ h\), verifies against the CA, private key \*{8}/);
    expect(run.stdout).not.toContain('PRIVATE KEY');
    // Issue 25: one line for each new engine action.
    expect(run.stdout).toMatch(/read_secrets_under_path secret\/demo\/[^\n]*\n\s+LIST secret\/metadata\/demo\/\n\s+-> 1 secret\(s\), truncated false: db \{"username":"\*{8}","password":"\*{8}"\}/);
    expect(run.stdout).toMatch(/restore_secret_version [^\n]*\n[^\n]*POST secret\/data\/demo\/db\n\s+-> version 3 now holds version 1's data/);
    expect(run.stdout).toMatch(/sign_ssh_key [^\n]*\n\s+POST ssh\/sign\/demo-ops\n\s+-> ssh-ed25519-cert-v01@openssh\.com, serial [0-9a-f]+/);
    // One line per engine: Transit signatures, TOTP codes (the seed and the code masked).
    expect(run.stdout).toMatch(/-> signature vault:v1:\S+, verifies: true, a tampered invoice verifies: false/);
    expect(run.stdout).toMatch(/-> URL \*{8} \(the seed\), QR code \S+\.png, code \*{8} valid: true, checked again: valid false \(already used\)/);
    expect(run.stdout).not.toContain('otpauth://');
    // Then send_http_request: the echo service got the password, the output shows the marker where it was echoed.
    expect(run.stdout).toMatch(/send_http_request to a loopback echo service[^\n]*\n(?:\s+GET [^\n]*\n)?\s+-> HTTP 200; the service received the real password \(masked here: Bearer \*{8}\); the step's output shows what it echoed as "Bearer \[redacted\]"/);
    expect(run.stdout).not.toMatch(/rotated-\d+/);
  });

  it('explains itself with --help', async () => {
    const run = await runScript('dev/start.ts', ['--help']);
    expect(run.code).toBe(0);
    for (const word of ['VAULT_ADDR', 'VAULT_ROLE_ID', 'VAULT_SECRET_ID', 'VAULT_TOKEN', 'VAULT_NAMESPACE', 'VAULT_CACERT', '--show']) {
      expect(run.stdout).toContain(word);
    }
  });
});

describe('npm start against a Vault (VAULT_ADDR)', () => {
  let vault: VaultDevServer;
  let app: { roleId: string; secretId: string };
  let token: string;
  let start: string;
  const VALUE = 'Str0ng-Value-Never-Printed';

  beforeAll(async () => {
    start = bundleScript('dev/start.ts');
    vault = await startVault();
    await writePolicy(vault, 'app', 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n');
    await kvPut(vault, 'secret', 'app/db', { password: VALUE, username: 'svc' });
    await kvPut(vault, 'secret', 'other/db', { password: VALUE });
    app = await createAppRole(vault, { role: 'app', policies: ['app'] });
    token = await createToken(vault, { policies: ['app'] });
  });
  afterAll(async () => {
    await vault?.stop();
  });

  const approle = (over: Record<string, string> = {}) => ({ VAULT_ADDR: vault.url, VAULT_ROLE_ID: app.roleId, VAULT_SECRET_ID: app.secretId, ...over });

  it('checks the connection and reads a reference, printed masked', async () => {
    const masked = await runScript(start, ['secret/data/app/db/password'], approle());
    expect(masked.code).toBe(0);
    expect(masked.stdout).toContain('valid');
    expect(masked.stdout).toMatch(/secret\/data\/app\/db\/password = \*{8}  \(mount secret\//);
    expect(masked.stdout).not.toMatch(/chars\)/); // not even the length
    expect(masked.stdout).not.toContain(VALUE);
  });

  it('failing runs say what is wrong and print no secret_id, token, password or value', async () => {
    const wrongSecretId = '0badc0de-1111-4222-8333-444455556666';
    const wrongToken = 's.WrongTokenButStillASecret1';
    const runs = await Promise.all([
      runScript(start, ['secret/data/app/db/password'], approle({ VAULT_SECRET_ID: wrongSecretId })),
      runScript(start, ['secret/data/app/db/password'], { VAULT_ADDR: vault.url, VAULT_TOKEN: wrongToken }),
      runScript(start, ['secret/data/app/db/missing_key'], approle()),
      runScript(start, ['secret/data/other/db/password'], { VAULT_ADDR: vault.url, VAULT_TOKEN: token }),
    ]);
    const [badSecretId, badToken, missingKey, forbidden] = runs;
    for (const run of runs) expect(run.code).toBe(1);
    expect(badSecretId.stderr).toMatch(/secret.?id/i);
    expect(badToken.stderr).toMatch(/token/i);
    expect(missingKey.stderr).toMatch(/missing_key/);
    expect(missingKey.stderr).toMatch(/password/); // the key names present, never their values
    expect(forbidden.stderr).toMatch(/permission|not allowed|denied/i);

    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of [VALUE, app.secretId, wrongSecretId, token, wrongToken, vault.rootToken]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('npm run dev-server', () => {
  it('prints the address, unseal key and root token like vault server -dev, serves on loopback, stops on SIGTERM', async () => {
    const { child, stdout } = await startScript('dev/cli.ts', ['--port', '0', '--root-token', 'root-from-cli'], /Root Token: .+\n/);
    try {
      const out = stdout();
      expect(out).toMatch(/^Unseal Key: \S+$/m);
      expect(out).toMatch(/^Root Token: root-from-cli$/m);
      const address = /^Api Address: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      expect(address).toBeDefined();
      const res = await fetch(`${address}/v1/secret/data/x`, { method: 'POST', headers: { 'X-Vault-Token': 'root-from-cli' }, body: JSON.stringify({ data: { a: 1 } }) });
      expect(res.status).toBe(200); // a KV v2 mount at secret/, unsealed, root token works
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
  });
});

/**
 * `npm start`: shows the piece working end to end through its own actions.
 *
 * Without VAULT_ADDR: starts the bundled Vault-compatible dev server, creates an AppRole with a
 * least-privilege policy, then runs validate, a write, a read, a cached read, a rotation done
 * outside the piece, a cache clear and a re-read, a read of the whole folder and a rollback to the
 * first version, printing timings and Vault request counts; then issues a certificate from a PKI
 * role and shows its expiry (the private key masked), signs an SSH key; signs and verifies with a
 * Transit key; creates a TOTP key (its QR code saved in the temp folder) and validates a code twice
 * (the second time Vault says it was already used); then calls a loopback echo service with
 * send_http_request and a referenced password, whose output shows the marker where the service
 * echoed it.
 *
 * With VAULT_ADDR: validates that connection against a real Vault and reads the reference given
 * as argument, printing the value masked unless --show; with VAULT_PKI_ROLE, also issues a
 * short-lived certificate from that role (skipped, with a note, when no role is configured).
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockActionContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { request } from 'undici';
import { startEchoServer } from './echo-server';
import { startVaultDevServer } from './server';
import { closeAllVaultClients, hashicorpVault, vaultAuth } from '../src';

const HELP = `Usage:
  npm start                                  demo against the built-in Vault dev server
  npm start -- <reference> [--show]          validate a real Vault connection and read one value

A reference is mount/data/path/key on KV v2 (e.g. secret/data/app/db/password) or mount/path/key on KV v1.

Environment for a real Vault:
  VAULT_ADDR        e.g. https://vault.example.com:8200 (required to leave demo mode)
  VAULT_ROLE_ID     AppRole role_id        } one of these logins
  VAULT_SECRET_ID   AppRole secret_id      }
  VAULT_TOKEN       a Vault token          }
  VAULT_NAMESPACE   Vault Enterprise / HCP namespace (optional)
  VAULT_CACERT      path to a PEM CA certificate (optional)
  VAULT_PKI_ROLE    a PKI role: also issue a 10-minute test certificate (optional)
  VAULT_PKI_PATH    its PKI mount (default pki); VAULT_PKI_COMMON_NAME the name to issue for

The value is printed masked unless --show is given. Nothing is written to the real Vault, except the
test certificate when VAULT_PKI_ROLE is set (its private key is never printed).
`;

type Props = Record<string, unknown>;

class MemoryStore {
  private readonly data = new Map<string, unknown>();
  async get<T>(key: string, scope?: unknown): Promise<T | null> {
    return (this.data.get(`${String(scope ?? 'FLOW')}:${key}`) as T | undefined) ?? null;
  }
  async put<T>(key: string, value: T, scope?: unknown): Promise<T> {
    this.data.set(`${String(scope ?? 'FLOW')}:${key}`, value);
    return value;
  }
  async delete(key: string, scope?: unknown): Promise<void> {
    this.data.delete(`${String(scope ?? 'FLOW')}:${key}`);
  }
}

/** Runs one of the piece's actions with the context shape the engine passes (wrapped auth, store). */
async function runAction(name: string, auth: Props, propsValue: Props, store: MemoryStore): Promise<any> {
  const action = hashicorpVault.getAction(name);
  if (!action) throw new Error(`the piece has no action named ${name}`);
  const ctx: any = createMockActionContext({ propsValue: propsValue as any });
  ctx.auth = { type: AppConnectionType.CUSTOM_AUTH, props: auth };
  ctx.store = store;
  // Files an action writes (a TOTP QR code) land in the temp folder, where a person can open them.
  ctx.files = {
    write: async ({ fileName, data }: { fileName: string; data: Buffer }) => {
      const path = join(tmpdir(), `vault-demo-${fileName}`);
      writeFileSync(path, data);
      return path;
    },
  };
  return action.run(ctx);
}

async function validate(auth: Props): Promise<{ valid: boolean; error?: string }> {
  const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/' };
  return vaultAuth.validate!({ auth: auth as any, server });
}

/** A fixed-width mask: not even a secret's length is shown. */
function mask(value: unknown): string {
  return value === undefined ? 'undefined' : '********';
}

function maskAll(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, mask(v)]));
}

/** An issued certificate in one line: who, serial, expiry, whether it verifies; the key masked. */
function describeIssued(r: { certificate: string; serialNumber: string; expiration: string; privateKey: string }, caPem?: string): string {
  const cert = new X509Certificate(r.certificate);
  const left = ((Date.parse(r.expiration) - Date.now()) / 3_600_000).toFixed(1);
  const verified = caPem ? (cert.verify(new X509Certificate(caPem).publicKey) ? ', verifies against the CA' : ', DOES NOT verify against the CA') : '';
  return `${cert.subject}, serial ${r.serialNumber}, expires ${r.expiration} (in ${left} h)${verified}, private key ${mask(r.privateKey)}`;
}

/** A throwaway Ed25519 public key as an OpenSSH line (the private key is dropped at once). */
function demoSshPublicKey(): string {
  const x = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(x)]).toString('base64')} demo@example`;
}

/** Against a real Vault: issue a 10-minute certificate when a PKI role is configured, else say how to. */
async function realVaultCertificate(auth: Props): Promise<boolean> {
  const role = process.env.VAULT_PKI_ROLE;
  if (!role) {
    console.log('Certificate step skipped: no PKI role configured (set VAULT_PKI_ROLE, VAULT_PKI_COMMON_NAME and optionally VAULT_PKI_PATH).');
    return true;
  }
  const commonName = process.env.VAULT_PKI_COMMON_NAME;
  if (!commonName) {
    console.log(`Certificate step skipped: VAULT_PKI_ROLE is set but not VAULT_PKI_COMMON_NAME (a name role "${role}" allows).`);
    return true;
  }
  const pkiPath = process.env.VAULT_PKI_PATH || 'pki';
  try {
    const issued = await runAction('issue_certificate', auth, { pkiPath, role, commonName, ttl: '10m' }, new MemoryStore());
    console.log(`issue_certificate ${pkiPath}/issue/${role}: ${describeIssued(issued)}`);
    return true;
  } catch (e) {
    console.error(`Certificate step failed: ${messageOf(e)}`);
    return false;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function demo(): Promise<void> {
  const vault = await startVaultDevServer({ port: 0 });
  try {
    console.log(`Vault dev server at ${vault.url}\n`);
    const root = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await request(`${vault.url}/v1/${path}`, {
        method: method as 'GET',
        headers: { 'x-vault-token': vault.rootToken, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.body.text();
      if (res.statusCode >= 400) throw new Error(`setup ${method} ${path} failed with ${res.statusCode}: ${text}`);
      return text ? JSON.parse(text) : {};
    };

    console.log('Setup (root token): AppRole "demo-app" with policy "demo-app" (read/write secret/demo/*, issue from pki/issue/demo-web, sign with ssh/sign/demo-ops)');
    await root('POST', 'sys/auth/approle', { type: 'approle' });
    await root('PUT', 'sys/policies/acl/demo-app', {
      policy: [
        'path "secret/data/demo/*" { capabilities = ["create", "read", "update", "patch"] }',
        'path "secret/metadata/demo/*" { capabilities = ["read", "list"] }',
        'path "sys/internal/ui/mounts/*" { capabilities = ["read"] }',
        'path "pki/issue/demo-web" { capabilities = ["create", "update"] }',
        'path "ssh/sign/demo-ops" { capabilities = ["create", "update"] }',
        'path "transit/sign/demo-signer" { capabilities = ["update"] }',
        'path "transit/verify/demo-signer" { capabilities = ["update"] }',
        'path "totp/keys/demo-user" { capabilities = ["update"] }',
        'path "totp/code/demo-user" { capabilities = ["read", "update"] }',
      ].join('\n'),
    });
    console.log('Setup (root token): Transit mount "transit" with ed25519 key "demo-signer"; TOTP mount "totp"');
    await root('POST', 'sys/mounts/transit', { type: 'transit' });
    await root('POST', 'transit/keys/demo-signer', { type: 'ed25519' });
    await root('POST', 'sys/mounts/totp', { type: 'totp' });
    console.log('Setup (root token): PKI mount "pki" with a root CA and role "demo-web" (*.demo.example.com, max 72h)');
    await root('POST', 'sys/mounts/pki', { type: 'pki', config: { max_lease_ttl: '8760h' } });
    const caPem: string = (await root('POST', 'pki/root/generate/internal', { common_name: 'Demo Root CA', ttl: '8760h' })).data.certificate;
    await root('POST', 'pki/config/urls', { issuing_certificates: `${vault.url}/v1/pki/ca`, crl_distribution_points: `${vault.url}/v1/pki/crl` });
    await root('POST', 'pki/roles/demo-web', { allowed_domains: 'demo.example.com', allow_subdomains: true, max_ttl: '72h', ttl: '24h' });
    console.log('Setup (root token): SSH mount "ssh" with a CA and role "demo-ops" (user certificates for "deploy", max 8h)');
    await root('POST', 'sys/mounts/ssh', { type: 'ssh' });
    await root('POST', 'ssh/config/ca', { key_type: 'ed25519' });
    await root('POST', 'ssh/roles/demo-ops', { key_type: 'ca', allow_user_certificates: true, allowed_users: 'deploy', default_extensions: { 'permit-pty': '' }, max_ttl: '8h' });
    await root('POST', 'auth/approle/role/demo-app', { token_policies: ['demo-app'], token_ttl: '1h', token_max_ttl: '4h' });
    const roleId: string = (await root('GET', 'auth/approle/role/demo-app/role-id')).data.role_id;
    const secretId: string = (await root('POST', 'auth/approle/role/demo-app/secret-id')).data.secret_id;
    console.log(`  role_id ${roleId}, secret_id ${mask(secretId)}\n`);

    const auth: Props = { url: vault.url, authMethod: 'appRole', roleId, secretId, cacheTtlSeconds: 3600 };
    const store = new MemoryStore();
    const path = 'secret/demo/db';

    const step = async <T>(label: string, fn: () => Promise<T>, show: (r: T) => string): Promise<T> => {
      vault.clearRequests();
      const started = performance.now();
      const result = await fn();
      const ms = (performance.now() - started).toFixed(1);
      const calls = vault.requests.map((r) => `${r.method} ${r.path}`);
      console.log(`${label.padEnd(44)} ${ms.padStart(7)} ms  ${String(calls.length).padStart(2)} Vault request(s)`);
      if (calls.length) console.log(`    ${calls.join(', ')}`);
      console.log(`    -> ${show(result)}`);
      return result;
    };

    const check = await step('validate (connection check)', () => validate(auth), (r) => (r.valid ? 'valid' : `INVALID: ${r.error}`));
    if (!check.valid) throw new Error('the connection check failed');

    await step(
      'write_secret secret/demo/db',
      () => runAction('write_secret', auth, { path, data: { username: 'app', password: `pw-${Date.now()}` } }, store),
      (r) => `version ${r.version}`,
    );
    const getSecret = () => runAction('get_secret', auth, { path }, store);
    const showSecret = (r: any) => `version ${r.metadata?.version}, data ${JSON.stringify(maskAll(r.data))}`;
    await step('get_secret (first read)', getSecret, showSecret);
    await step('get_secret (cached read)', getSecret, showSecret);
    const rotated = `rotated-${Date.now()}`;
    await step(
      'rotation outside the piece (root token)',
      () => root('POST', 'secret/data/demo/db', { data: { username: 'app', password: rotated } }),
      (r) => `version ${r.data.version}`,
    );
    await step('get_secret (still cached: old version)', getSecret, showSecret);
    await step('clear_cache secret/demo/', () => runAction('clear_cache', auth, { path: 'secret/demo/' }, store), (r) => `cached entries dropped: ${r.cleared}`);
    await step('get_secret (re-read after clear)', getSecret, showSecret);
    await step(
      'read_secret secret/data/demo/db/password',
      () => runAction('read_secret', auth, { reference: 'secret/data/demo/db/password' }, store),
      (r) => `value ${mask(r.value)} (version ${r.version})`,
    );
    await step(
      'read_secrets_under_path secret/demo/',
      () => runAction('read_secrets_under_path', auth, { path: 'secret/demo/' }, store),
      (r) => `${r.count} secret(s), truncated ${r.truncated}: ${Object.entries(r.secrets as Record<string, Record<string, unknown>>).map(([k, v]) => `${k} ${JSON.stringify(maskAll(v))}`).join(', ')}`,
    );
    await step(
      'restore_secret_version secret/demo/db v1',
      () => runAction('restore_secret_version', auth, { path, version: 1 }, store),
      (r) => `version ${r.version} now holds version ${r.restoredFrom}'s data`,
    );
    await step(
      'issue_certificate app.demo.example.com (24h)',
      () => runAction('issue_certificate', auth, { pkiPath: 'pki', role: 'demo-web', commonName: 'app.demo.example.com', ttl: '24h' }, store),
      (r) => describeIssued(r, caPem),
    );
    await step(
      'sign_ssh_key deploy (1h)',
      () => runAction('sign_ssh_key', auth, { role: 'demo-ops', publicKey: demoSshPublicKey(), validPrincipals: 'deploy', ttl: '1h' }, store),
      (r) => `${String(r.signedKey).split(' ')[0]}, serial ${r.serialNumber}`,
    );
    await step(
      'transit_sign + transit_verify demo-signer',
      async () => {
        const { signature } = await runAction('transit_sign', auth, { key: 'demo-signer', input: 'invoice #42: 100 EUR' }, store);
        const verify = (input: string) => runAction('transit_verify', auth, { key: 'demo-signer', input, signature }, store);
        return { signature: signature as string, valid: (await verify('invoice #42: 100 EUR')).valid, tampered: (await verify('invoice #42: 900 EUR')).valid };
      },
      (r) => `signature ${r.signature.slice(0, 20)}..., verifies: ${r.valid}, a tampered invoice verifies: ${r.tampered}`,
    );
    await step(
      'create_totp_key, validate_totp_code x2',
      async () => {
        const key = await runAction('create_totp_key', auth, { name: 'demo-user', generate: true, issuer: 'Demo', accountName: 'demo@example.com' }, store);
        const { code } = await runAction('generate_totp_code', auth, { name: 'demo-user' }, store);
        const first = await runAction('validate_totp_code', auth, { name: 'demo-user', code }, store);
        const again = await runAction('validate_totp_code', auth, { name: 'demo-user', code }, store);
        return { key, code, first, again };
      },
      (r) =>
        `URL ${mask(r.key.url)} (the seed), QR code ${r.key.barcodeFile}, code ${mask(r.code)} valid: ${r.first.valid}, ` +
        `checked again: valid ${r.again.valid}${r.again.alreadyUsed ? ' (already used)' : ''}`,
    );
    const echo = await startEchoServer();
    // What the reference points at now (the rollback above restored an earlier version).
    const current: string = (await root('GET', 'secret/data/demo/db')).data.data.password;
    try {
      await step(
        'send_http_request to a loopback echo service',
        () =>
          runAction(
            'send_http_request',
            auth,
            { method: 'POST', url: `${echo.url}/login`, headers: { Authorization: 'Bearer [[vault:secret/data/demo/db/password]]' }, body: { user: 'app' } },
            store,
          ),
        (r) => {
          const received = echo.received[echo.received.length - 1];
          const sent = received?.headers.authorization === `Bearer ${current}` ? 'the real password' : 'NOT the password';
          return `HTTP ${r.status}; the service received ${sent} (masked here: Bearer ${mask(current)}); the step's output shows what it echoed as ${JSON.stringify(r.body.headers.authorization)}`;
        },
      );
    } finally {
      await echo.stop();
    }
    console.log('\nDone: one AppRole login served every step; cached reads made no Vault request.');
  } finally {
    await closeAllVaultClients();
    await vault.stop();
  }
}

async function realVault(reference: string | undefined, show: boolean): Promise<boolean> {
  const auth: Props = { url: process.env.VAULT_ADDR, namespace: process.env.VAULT_NAMESPACE };
  if (process.env.VAULT_ROLE_ID) Object.assign(auth, { authMethod: 'appRole', roleId: process.env.VAULT_ROLE_ID, secretId: process.env.VAULT_SECRET_ID });
  else if (process.env.VAULT_TOKEN) Object.assign(auth, { authMethod: 'token', token: process.env.VAULT_TOKEN });
  else {
    console.error('Set VAULT_ROLE_ID (+ VAULT_SECRET_ID) or VAULT_TOKEN to log in. See npm start -- --help.');
    return false;
  }
  if (process.env.VAULT_CACERT) auth.caCertificate = readFileSync(process.env.VAULT_CACERT, 'utf8');

  try {
    console.log(`Checking the connection to ${process.env.VAULT_ADDR} (${auth.authMethod})...`);
    const check = await validate(auth);
    if (!check.valid) {
      console.error(`Connection check failed: ${check.error}`);
      return false;
    }
    console.log('  valid');
    if (!reference) {
      console.log('No reference given: nothing to read (npm start -- secret/data/app/db/password).');
    } else {
      const started = performance.now();
      const found = await runAction('read_secret', auth, { reference }, new MemoryStore());
      const ms = (performance.now() - started).toFixed(1);
      const value = show ? (typeof found.value === 'string' ? found.value : JSON.stringify(found.value)) : mask(found.value);
      console.log(`${reference} = ${value}  (mount ${found.mount}, version ${found.version ?? 'n/a'}, ${ms} ms)`);
    }
    return await realVaultCertificate(auth);
  } catch (e) {
    console.error(`Failed: ${messageOf(e)}`);
    return false;
  } finally {
    await closeAllVaultClients();
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const show = args.includes('--show');
  const reference = args.find((a) => !a.startsWith('--'));
  if (process.env.VAULT_ADDR) return (await realVault(reference, show)) ? 0 : 1;
  if (reference) console.log('(VAULT_ADDR is not set: running the demo; the reference is only read against a real Vault.)\n');
  await demo();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`npm start failed: ${messageOf(e)}`);
    process.exit(1);
  },
);

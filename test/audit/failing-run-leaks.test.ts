/**
 * Issue 3 proof: everything a failing run produces — thrown messages and stacks, validate
 * results, action and trigger outputs, and every console / stdout / stderr line — holds no secret
 * value, token, secret_id or password.
 */
import { vaultAuth } from '../../src';
import { getSecret } from '../../src/lib/actions/get-secret';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { readSecret } from '../../src/lib/actions/read-secret';
import { transitDecrypt } from '../../src/lib/actions/transit-decrypt';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { resolveReferencesAction } from '../../src/lib/references/resolve-references-action';
import { secretUpdatedTrigger } from '../../src/lib/triggers/secret-updated';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { MemoryStore, runAction, triggerContext } from '../helpers/engine';
import { createAppRole, createToken, createUserpass, kvPut, writePolicy } from '../helpers/vault-setup';
import { startVault, type DevVault } from '../actions/support';

let vault: DevVault;
const VALUE = 'Leak-Canary-Value-7f3a';
const PASSWORD = 'Leak-Canary-Password-19c';
const WRONG_SECRET_ID = '9e9e9e9e-aaaa-4bbb-8ccc-dddddddddddd';
const WRONG_TOKEN = 's.LeakCanaryWrongToken0001';

const produced: string[] = [];
const restore: (() => void)[] = [];

/** Captures every console method and raw stdout/stderr write while the failing run happens. */
function captureOutput(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      produced.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    restore.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      produced.push(String(chunk));
      return original(chunk as string, ...(rest as []));
    }) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
}

async function record(p: Promise<unknown>): Promise<void> {
  try {
    produced.push(JSON.stringify(await p));
  } catch (e) {
    const err = e as Error;
    produced.push(err.message, String(err.stack), JSON.stringify({ ...err }));
  }
}

beforeAll(async () => {
  vault = await startVault();
  await writePolicy(vault, 'app', 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\npath "secret/metadata/app/*" {\n  capabilities = ["read", "list"]\n}\n');
  await kvPut(vault, 'secret', 'app/db', { password: VALUE });
  await kvPut(vault, 'secret', 'private/db', { password: VALUE });
  await createUserpass(vault, { username: 'alice', password: PASSWORD, policies: ['app'] });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

it('a failing run leaks no secret into errors, outputs, console lines or the store', async () => {
  const app = await createAppRole(vault, { role: 'app', policies: ['app'] });
  const token = await createToken(vault, { policies: ['app'] });
  const store = new MemoryStore();
  const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/' };
  const asApp = { url: vault.url, authMethod: 'appRole', roleId: app.roleId, secretId: app.secretId, cacheTtlSeconds: 0 };
  const asToken = { url: vault.url, authMethod: 'token', token, cacheTtlSeconds: 0 };

  captureOutput();
  try {
    // the connection check, each way it can fail on credentials
    for (const auth of [
      { ...asApp, secretId: WRONG_SECRET_ID },
      { ...asApp, namespace: 'nowhere' },
      { url: vault.url, authMethod: 'token', token: WRONG_TOKEN },
      { url: vault.url, authMethod: 'userpass', username: 'alice', password: `${PASSWORD}-wrong` },
      { url: 'http://127.0.0.1:1', authMethod: 'userpass', username: 'alice', password: PASSWORD },
    ]) {
      await record(vaultAuth.validate!({ auth: auth as never, server }));
    }
    // actions failing after a successful login (the secret is in the request or in Vault)
    await record(runAction(readSecret, asApp, { reference: 'secret/data/app/db/missing' }, { store }));
    await record(runAction(readSecret, asApp, { reference: 'secret/data/private/db/password' }, { store }));
    await record(runAction(getSecret, asToken, { path: 'secret/private/db' }, { store }));
    await record(runAction(writeSecret, asToken, { path: 'secret/app/db', data: { password: VALUE } }, { store }));
    await record(runAction(writeSecret, { ...asToken, accessMode: 'read_only' }, { path: 'secret/app/db', data: { password: VALUE } }, { store }));
    await record(runAction(listSecrets, { ...asApp, secretId: WRONG_SECRET_ID }, { path: 'secret/app/' }, { store }));
    await record(runAction(transitDecrypt, asToken, { key: 'k', ciphertext: `vault:v1:${Buffer.from(VALUE).toString('base64')}` }, { store }));
    await record(
      runAction(resolveReferencesAction, asApp, { value: { a: '[[vault:secret/data/app/db/password]]', b: '[[vault:secret/data/private/db/password]]' } }, { store }),
    );
    await record(
      runAction(resolveReferencesAction, asApp, { value: { b: 'Bearer [[vault:secret/data/private/db/password]]' }, onError: 'skip' }, { store }),
    );
    // a trigger polling a path it may not read
    const trigger = secretUpdatedTrigger as unknown as { onEnable(ctx: unknown): Promise<void>; run(ctx: unknown): Promise<unknown[]> };
    const ctx = triggerContext(asApp, { path: 'secret/private/db' }, store);
    await record(trigger.onEnable(ctx));
    await record(trigger.run(ctx));
  } finally {
    for (const undo of restore.splice(0)) undo();
  }

  const all = produced.join('\n');
  expect(produced.length).toBeGreaterThan(15);
  expect(all).toMatch(/secret.?id/i); // the failures were reported...
  expect(all).toMatch(/read-only/);
  for (const secret of [VALUE, PASSWORD, app.secretId, WRONG_SECRET_ID, token, WRONG_TOKEN, vault.rootToken]) {
    expect(all).not.toContain(secret); // ...without any secret in them
    expect(store.dump()).not.toContain(secret);
  }
  // The one run that succeeded did resolve its reference: the canary check is not vacuous.
  const ok = await runAction(resolveReferencesAction, asApp, { value: '[[vault:secret/data/app/db/password]]' });
  expect(ok).toBe(VALUE);
});

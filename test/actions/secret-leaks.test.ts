/**
 * Secrets (values, passwords, plaintexts, tokens) never appear in an action's error, in the output
 * of an action that is not meant to return them, in the store, or in anything a failing run
 * produces (validate results, trigger outputs, console / stdout / stderr lines).
 */
import { vaultAuth } from '../../src';
import { createTemporaryUser } from '../../src/lib/actions/create-temporary-user';
import { createToken } from '../../src/lib/actions/create-token';
import { getSecret } from '../../src/lib/actions/get-secret';
import { getSecretMetadata } from '../../src/lib/actions/get-secret-metadata';
import { listSecrets } from '../../src/lib/actions/list-secrets';
import { lookupToken } from '../../src/lib/actions/lookup-token';
import { readSecret } from '../../src/lib/actions/read-secret';
import { transitDecrypt } from '../../src/lib/actions/transit-decrypt';
import { transitEncrypt } from '../../src/lib/actions/transit-encrypt';
import { writeSecret } from '../../src/lib/actions/write-secret';
import { resolveReferencesAction } from '../../src/lib/references/resolve-references-action';
import { secretUpdatedTrigger } from '../../src/lib/triggers/secret-updated';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { MemoryStore, pollingHooks, runAction, triggerContext } from '../helpers/engine';
import {
  createAppRole,
  createToken as setupToken,
  createUserpass,
  enableKv,
  kvPut,
  rootAuth,
  rootRequest,
  startVault,
  tokenAuth,
  writePolicy,
  type VaultDevServer,
} from '../helpers/vault-setup';

let vault: VaultDevServer;
const SECRET = 'S3NT1NEL-value-do-not-leak';
const store = new MemoryStore();
const texts: string[] = [];

/** Runs `p` and keeps in `into` what it produced: its output, or its error's message, stack and own properties. */
async function record(p: Promise<unknown>, into: string[] = texts): Promise<unknown> {
  try {
    const out = await p;
    into.push(JSON.stringify(out));
    return out;
  } catch (e) {
    const err = e as Error;
    into.push(String(err.message), String(err.stack), JSON.stringify({ ...err }));
    return undefined;
  }
}

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv2', 2);
  await enableKv(vault, 'kv1', 1);
  await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'transit/keys/k', {});
  await rootRequest(vault, 'POST', 'sys/auth/userpass', { type: 'userpass' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

it('keeps secrets out of outputs that are not the secret, errors and the store', async () => {
  const root = rootAuth(vault, { cacheTtlSeconds: 60 });
  const opts = { store };
  await record(runAction(writeSecret, root, { path: 'kv2/app/db', data: { password: SECRET, user: 'app' } }, opts));
  await record(runAction(writeSecret, root, { path: 'kv1/app/db', data: { password: SECRET } }, opts));
  // failures carrying the secret in their request
  await record(runAction(writeSecret, root, { path: 'kv2/app/db', data: { password: SECRET }, mode: 'create' }, opts));
  await record(runAction(writeSecret, root, { path: 'kv2/app/db', data: { password: SECRET }, mode: 'replace', cas: 99 }, opts));
  await record(runAction(writeSecret, root, { path: 'nomount/app', data: { password: SECRET } }, opts));
  await record(runAction(writeSecret, root, { path: 'kv2/app/db', data: `{"password": "${SECRET}"` }, opts));
  await record(runAction(readSecret, root, { reference: 'kv2/data/app/db/missing' }, opts));
  await record(runAction(readSecret, root, { reference: SECRET }, opts));
  await record(runAction(getSecret, root, { path: 'kv2/app/db', version: SECRET }, opts));
  await record(runAction(getSecretMetadata, root, { path: 'kv2/app/db' }, opts));
  await record(runAction(listSecrets, root, { path: 'kv2/', recursive: true }, opts));

  // a token that may not write
  await writePolicy(vault, 'read-only-app', 'path "kv2/data/app/*" {\n  capabilities = ["read"]\n}\n');
  const limited = await setupToken(vault, { policies: ['read-only-app'] });
  await record(runAction(writeSecret, tokenAuth(vault, limited), { path: 'kv2/app/db', data: { password: SECRET } }, opts));

  // users, tokens and transit
  await record(runAction(createTemporaryUser, root, { username: 'u1', password: SECRET, policies: ['default'], ttl: '1h' }, opts));
  await record(runAction(createTemporaryUser, root, { username: 'u1', password: SECRET, userpassPath: 'not-mounted' }, opts));
  await record(runAction(createTemporaryUser, root, { username: 'u/1', password: SECRET }, opts));
  await record(runAction(transitEncrypt, root, { key: 'missing-key', plaintext: SECRET }, opts));
  const enc = (await record(runAction(transitEncrypt, root, { key: 'k', plaintext: SECRET }, opts))) as { ciphertext: string };
  await record(runAction(transitDecrypt, root, { key: 'missing-key', ciphertext: enc.ciphertext }, opts));

  const token = (await runAction(createToken, root, { policies: ['default'], ttl: '1h' }, opts)) as { token: string; accessor: string };
  await record(runAction(lookupToken, root, { accessor: token.accessor }, opts));
  await record(runAction(lookupToken, root, { accessor: token.token }, opts)); // the token pasted where the accessor goes

  const all = texts.join('\n');
  expect(texts.length).toBeGreaterThan(15);
  expect(all).not.toContain(SECRET);
  expect(all).not.toContain(token.token);
  expect(all).not.toContain(limited);
  expect(all).not.toContain(vault.rootToken);
  expect(store.dump()).not.toContain(SECRET);
  expect(store.dump()).not.toContain(vault.rootToken);

  // the values come back only from the actions meant to return them
  expect((await runAction(getSecret, root, { path: 'kv2/app/db' }, opts)).data.password).toBe(SECRET);
  expect((await runAction(transitDecrypt, root, { key: 'k', ciphertext: enc.ciphertext }, opts)).plaintext).toBe(SECRET);
});

describe('a failing run', () => {
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

  beforeAll(async () => {
    await writePolicy(vault, 'app', 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\npath "secret/metadata/app/*" {\n  capabilities = ["read", "list"]\n}\n');
    await kvPut(vault, 'secret', 'app/db', { password: VALUE });
    await kvPut(vault, 'secret', 'private/db', { password: VALUE });
    await createUserpass(vault, { username: 'alice', password: PASSWORD, policies: ['app'] });
  });

  it('leaks no secret into errors, outputs, console lines or the store', async () => {
    const app = await createAppRole(vault, { role: 'app', policies: ['app'] });
    const token = await setupToken(vault, { policies: ['app'] });
    const store = new MemoryStore();
    const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/' };
    const asApp = { url: vault.url, authMethod: 'appRole', roleId: app.roleId, secretId: app.secretId, cacheTtlSeconds: 0 };
    const asToken = { url: vault.url, authMethod: 'token', token, cacheTtlSeconds: 0 };
    const keep = (p: Promise<unknown>) => record(p, produced);

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
        await keep(vaultAuth.validate!({ auth: auth as never, server }));
      }
      // actions failing after a successful login (the secret is in the request or in Vault)
      await keep(runAction(readSecret, asApp, { reference: 'secret/data/app/db/missing' }, { store }));
      await keep(runAction(readSecret, asApp, { reference: 'secret/data/private/db/password' }, { store }));
      await keep(runAction(getSecret, asToken, { path: 'secret/private/db' }, { store }));
      await keep(runAction(writeSecret, asToken, { path: 'secret/app/db', data: { password: VALUE } }, { store }));
      await keep(runAction(writeSecret, { ...asToken, accessMode: 'read_only' }, { path: 'secret/app/db', data: { password: VALUE } }, { store }));
      await keep(runAction(listSecrets, { ...asApp, secretId: WRONG_SECRET_ID }, { path: 'secret/app/' }, { store }));
      await keep(runAction(transitDecrypt, asToken, { key: 'k', ciphertext: `vault:v1:${Buffer.from(VALUE).toString('base64')}` }, { store }));
      await keep(
        runAction(resolveReferencesAction, asApp, { value: { a: '[[vault:secret/data/app/db/password]]', b: '[[vault:secret/data/private/db/password]]' } }, { store }),
      );
      await keep(runAction(resolveReferencesAction, asApp, { value: { b: 'Bearer [[vault:secret/data/private/db/password]]' }, onError: 'skip' }, { store }));
      // a trigger polling a path it may not read
      const trigger = pollingHooks(secretUpdatedTrigger);
      const ctx = triggerContext(asApp, { path: 'secret/private/db' }, store);
      await keep(trigger.onEnable(ctx));
      await keep(trigger.run(ctx));
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
});

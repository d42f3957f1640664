/**
 * Secrets (values, passwords, plaintexts, tokens) never appear in an action's error, in the output
 * of an action that is not meant to return them, or in the store.
 */
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
import { createToken as setupToken, enableKv, rootRequest, writePolicy } from '../helpers/vault-setup';
import { MemoryStore, rootAuth, runAction, startVault, tokenAuth, type DevVault } from './support';

let vault: DevVault;
const SECRET = 'S3NT1NEL-value-do-not-leak';
const store = new MemoryStore();
const texts: string[] = [];

async function record(p: Promise<unknown>): Promise<unknown> {
  try {
    const out = await p;
    texts.push(JSON.stringify(out));
    return out;
  } catch (e) {
    texts.push(String((e as Error).message), String((e as Error).stack));
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

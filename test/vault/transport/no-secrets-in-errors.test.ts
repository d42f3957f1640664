/** Every error produced by failing runs, collected and searched for any secret. */
import { startVaultDevServer, type VaultDevServer } from '../../../dev/server';
import { checkConnectionProps } from '../../../src/lib/vault/check-connection';
import { VaultError } from '../../../src/lib/vault/errors';
import { createVaultHttp } from '../../../src/lib/vault/http';
import { createTokenSession } from '../../../src/lib/vault/token-session';
import { errorOf } from '../../helpers/errors';
import { closeSetup, configFor, createAppRole, createToken, createUserpass, READER_POLICY, writePolicy } from '../../helpers/vault-setup';

let vault: VaultDevServer;
const collected: string[] = [];

function collect(e: unknown) {
  if (e instanceof VaultError) collected.push(e.message, JSON.stringify({ ...e, stack: e.stack }));
  else if (e instanceof Error) collected.push(e.message, String(e.stack));
  else collected.push(JSON.stringify(e));
}

async function expectFailure(p: Promise<unknown>) {
  collect(await errorOf(p, Error));
}

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await writePolicy(vault, 'reader', READER_POLICY);
  await createUserpass(vault, { username: 'alice', password: 'Userpass-Secret-Pw-1', policies: ['reader'] });
});
afterAll(async () => {
  await closeSetup(vault);
  await vault.stop();
});

it('no secret value, token, secret_id or password appears in any error', async () => {
  const app = await createAppRole(vault, { role: 'app', policies: ['reader'] });
  const token = await createToken(vault, { policies: ['reader'] });
  const secretValue = 'Written-Secret-Value-42';
  const wrongSecretId = '11111111-2222-3333-4444-555555555555';
  const badToken = 's.ThisTokenIsWrongButSecret';

  const validations = [
    { roleId: app.roleId, secretId: wrongSecretId },
    { roleId: app.roleId, secretId: app.secretId, namespace: 'nowhere' },
    { roleId: app.roleId, secretId: app.secretId, appRolePath: 'missing' },
    { authMethod: 'userpass', username: 'alice', password: 'Userpass-Secret-Pw-1-wrong' },
    { authMethod: 'token', token: badToken },
    { authMethod: 'jwt', jwtRole: 'r', jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZw' },
    { url: 'http://127.0.0.1:1', roleId: app.roleId, secretId: app.secretId },
  ];
  for (const props of validations) {
    const result = await checkConnectionProps({ url: vault.url, maxRetries: 0, ...props });
    expect(result.valid).toBe(false);
    if (!result.valid) collected.push(result.error);
  }

  // Vault (or a proxy) echoing secrets back in its error messages.
  const http = createVaultHttp(configFor(vault, { roleId: app.roleId, secretId: app.secretId, maxRetries: 0 }));
  const session = createTokenSession(configFor(vault, { roleId: app.roleId, secretId: app.secretId }), http);
  let loginToken = '';
  try {
    const login = await session.token();
    loginToken = login.clientToken;
    vault.inject({ path: 'secret/data/app/db', status: 400, body: { errors: [`bad value "${secretValue}" from ${login.clientToken}`] } });
    await expectFailure(http.request({ method: 'POST', path: 'secret/data/app/db', token: login.clientToken, body: { data: { password: secretValue } } }));
    vault.inject({ path: 'auth/approle/login', status: 500, body: { errors: [`secret_id ${app.secretId} role ${app.roleId} failed`] } });
    await expectFailure(createTokenSession(configFor(vault, { roleId: app.roleId, secretId: app.secretId }), http).token());
    vault.inject({ path: 'secret/data/app/db', status: 403, times: 2, body: { errors: [`denied hvs.CAESIAbCdEfGhIjKlMnOpQrStUvWxYz0123456789 ${secretValue}`] } });
    await expectFailure(session.withToken((t) => http.request({ method: 'POST', path: 'secret/data/app/db', token: t, body: { data: { k: secretValue } } })));
    await expectFailure(session.withToken((t) => http.request({ method: 'POST', path: 'private/data/x', token: t, body: { data: { k: secretValue } } })));
    const staticHttp = createVaultHttp(configFor(vault, { authMethod: 'token', token, maxRetries: 0 }));
    vault.inject({ path: 'auth/token/lookup-self', status: 502, body: { errors: [`upstream saw token ${token}`] } });
    await expectFailure(staticHttp.request({ method: 'GET', path: 'auth/token/lookup-self', token }));
    await staticHttp.close();
  } finally {
    await http.close();
  }

  expect(collected.length).toBeGreaterThan(10);
  const everything = collected.join('\n');
  expect(loginToken).not.toBe('');
  for (const secret of [loginToken, secretValue, wrongSecretId, app.secretId, app.roleId, token, badToken, 'Userpass-Secret-Pw-1', 'c2VjcmV0LXNpZw', 'CAESIAbCdEfGhIjKlMnOpQrStUvWxYz']) {
    expect(everything).not.toContain(secret);
  }
  // Still readable: the messages say what happened.
  expect(everything).toContain('Vault refused the Secret ID');
  expect(everything).toContain('[redacted]');
});

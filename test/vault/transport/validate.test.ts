/** What `validate` shows a person, for every way a connection can be wrong (real HTTP to the dev server). */
import { startVaultDevServer, type VaultDevServer } from '../../../dev/server';
import { checkConnection, checkConnectionProps } from '../../../src/lib/vault/check-connection';
import { parseConnection } from '../../../src/lib/vault/connection/parse';
import { closeSetup, createAppRole, createNamespace, createToken, createUserpass, READER_POLICY, writePolicy } from '../../helpers/vault-setup';

let vault: VaultDevServer;
let app: { roleId: string; secretId: string };

beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await writePolicy(vault, 'reader', READER_POLICY);
  app = await createAppRole(vault, { role: 'app', policies: ['reader'] });
  await createUserpass(vault, { username: 'alice', password: 'correct-horse-battery', policies: ['reader'] });
  await createNamespace(vault, 'team');
  await writePolicy(vault, 'reader', READER_POLICY, 'team');
});
afterAll(async () => {
  await closeSetup(vault);
  await vault.stop();
});

async function validate(props: Record<string, unknown>) {
  return checkConnectionProps({ url: vault.url, maxRetries: 0, ...props });
}

async function validationError(props: Record<string, unknown>): Promise<string> {
  const result = await validate(props);
  if (result.valid) throw new Error('expected validation to fail');
  return result.error;
}

describe('validate: successes', () => {
  it('accepts a working AppRole connection and leaves no token behind', async () => {
    vault.clearRequests();
    expect(await validate({ roleId: app.roleId, secretId: app.secretId })).toEqual({ valid: true, warnings: [] });
    const order = vault.requests.map((r) => r.path);
    expect(order).toEqual(['sys/health', 'auth/approle/login', 'auth/token/lookup-self', 'auth/token/revoke-self']);
  });

  it('accepts token and userpass connections, and an address pasted with /v1/', async () => {
    const token = await createToken(vault, { policies: ['reader'] });
    expect(await validate({ authMethod: 'token', token })).toMatchObject({ valid: true });
    expect(await validate({ url: `${vault.url}/v1/`, authMethod: 'userpass', username: 'alice', password: 'correct-horse-battery' })).toMatchObject({ valid: true });
  });

  it('accepts an AppRole in a namespace', async () => {
    const ns = await createAppRole(vault, { role: 'ns-app', policies: ['reader'], namespace: 'team' });
    expect(await validate({ roleId: ns.roleId, secretId: ns.secretId, namespace: 'team' })).toMatchObject({ valid: true });
  });
});

describe('validate: each failure has its own message', () => {
  it('malformed address', async () => {
    expect(await validationError({ url: 'vault.example.com:8200', roleId: 'x' })).toContain('The Vault address has no scheme');
  });

  it('missing prop names the field', async () => {
    expect(await validationError({ authMethod: 'userpass', username: 'alice' })).toContain('"Password" (password) is required');
  });

  it('sealed', async () => {
    vault.seal();
    try {
      expect(await validationError({ roleId: app.roleId, secretId: app.secretId })).toContain(`Vault is sealed (GET /v1/sys/health at ${vault.url})`);
    } finally {
      vault.unseal();
    }
  });

  it('standby and uninitialised', async () => {
    vault.setHealth({ standby: true });
    try {
      const error = await validationError({ roleId: app.roleId, secretId: app.secretId });
      expect(error).toContain('This Vault node is a standby');
      expect(error).toContain('"Allowed Redirect Addresses" (allowedRedirectAddresses)');
    } finally {
      vault.setHealth({ standby: false });
    }
    vault.setHealth({ initialized: false });
    try {
      expect(await validationError({ roleId: app.roleId, secretId: app.secretId })).toContain('Vault is not initialised');
    } finally {
      vault.setHealth({ initialized: true });
    }
  });

  it('wrong role_id', async () => {
    const error = await validationError({ roleId: '00000000-0000-0000-0000-000000000000', secretId: app.secretId });
    expect(error).toContain('Vault does not know this Role ID');
    expect(error).toContain('Check "Role ID" (roleId)');
  });

  it('wrong secret_id', async () => {
    const error = await validationError({ roleId: app.roleId, secretId: '00000000-0000-0000-0000-000000000000' });
    expect(error).toContain('Vault refused the Secret ID: it is wrong, used up');
    expect(error).not.toContain('00000000-0000-0000-0000-000000000000');
  });

  it('a used-up secret_id', async () => {
    const once = await createAppRole(vault, { role: 'once', policies: ['reader'], secretIdNumUses: 1 });
    expect(await validate({ roleId: once.roleId, secretId: once.secretId })).toMatchObject({ valid: true });
    expect(await validationError({ roleId: once.roleId, secretId: once.secretId })).toContain('used up (secret_id_num_uses) or expired');
  });

  it('missing secret_id when the role needs one', async () => {
    expect(await validationError({ roleId: app.roleId })).toContain('requires a Secret ID');
  });

  it('wrong token', async () => {
    expect(await validationError({ authMethod: 'token', token: 's.thisIsNotAValidToken00' })).toContain('Vault does not accept this token: it is wrong, expired or revoked');
  });

  it('wrong username or password', async () => {
    expect(await validationError({ authMethod: 'userpass', username: 'alice', password: 'wrong-password' })).toContain('Vault refused the username or password');
  });

  it('wrong AppRole mount', async () => {
    expect(await validationError({ roleId: app.roleId, secretId: app.secretId, appRolePath: 'approle-prod' })).toContain(
      'Vault has no AppRole auth method enabled at auth/approle-prod',
    );
  });

  it('a namespace that does not exist', async () => {
    const error = await validationError({ roleId: app.roleId, secretId: app.secretId, namespace: 'no-such-team' });
    expect(error).toContain('The namespace "no-such-team" does not exist on this Vault');
    expect(error).toContain('Check "Namespace" (namespace)');
    // Not blamed on the auth mount, which is fine.
    expect(error).not.toContain('no AppRole auth method');
  });

  it('a role that lives in another namespace', async () => {
    await createAppRole(vault, { role: 'other', policies: ['reader'], namespace: 'team' });
    // The root-namespace role does not exist in "team".
    const error = await validationError({ roleId: app.roleId, secretId: app.secretId, namespace: 'team' });
    expect(error).toContain('Also check the namespace: "team"');
  });

  it('logged in but the token can see nothing (only the default policy)', async () => {
    const empty = await createAppRole(vault, { role: 'empty', policies: [] });
    const error = await validationError({ roleId: empty.roleId, secretId: empty.secretId });
    expect(error).toContain('the token only has the "default" policy');
    expect(error).toContain('Ask your Vault admin to attach a policy');
  });
});

it('checkConnection works on a parsed config too', async () => {
  const result = await checkConnection(parseConnection({ url: vault.url, roleId: app.roleId, secretId: app.secretId }));
  expect(result).toEqual({ valid: true, warnings: [] });
});

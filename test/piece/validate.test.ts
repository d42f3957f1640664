/**
 * The connection's `validate`, called the way the product calls it: FLAT props, against the dev
 * server over real HTTP. What the person sees is `error`: it must say what to fix and never echo
 * a credential.
 */
import { startVaultDevServer } from '../../dev/server';
import { vaultAuth } from '../../src';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { createAppRole, writePolicy } from '../helpers/vault-setup';

type DevServer = Awaited<ReturnType<typeof startVaultDevServer>>;

const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/' };
const validate = (auth: Record<string, unknown>) => vaultAuth.validate!({ auth: auth as any, server });

describe('connection validate (flat props)', () => {
  let vault: DevServer;
  let roleId: string;
  let secretId: string;

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0 });
    await writePolicy(vault, 'app-read', 'path "secret/data/app/*" { capabilities = ["read"] }');
    ({ roleId, secretId } = await createAppRole(vault, { role: 'app', policies: ['app-read'] }));
  });

  afterAll(async () => {
    await closeAllVaultClients();
    await vault?.stop();
  });

  it('accepts a working AppRole', async () => {
    await expect(validate({ url: vault.url, authMethod: 'appRole', roleId, secretId })).resolves.toEqual({ valid: true });
  });

  it('accepts the address with a trailing /v1 as people copy it', async () => {
    await expect(validate({ url: `${vault.url}/v1/`, authMethod: 'appRole', roleId, secretId })).resolves.toEqual({ valid: true });
  });

  it('rejects a wrong secret_id without echoing any credential', async () => {
    const wrongSecretId = 'a1b2c3d4-0000-4000-8000-wrongsecret99';
    const result = await validate({ url: vault.url, authMethod: 'appRole', roleId, secretId: wrongSecretId });
    expect(result.valid).toBe(false);
    const error = (result as { error: string }).error;
    expect(error).toMatch(/secret.?id|role.?id|AppRole/i);
    expect(error).not.toContain(wrongSecretId);
    expect(error).not.toContain(secretId);
    expect(error).not.toContain(roleId);
  });

  it('rejects a malformed address and says it is the address', async () => {
    const result = await validate({ url: 'vault example com:8200', authMethod: 'appRole', roleId, secretId });
    expect(result.valid).toBe(false);
    expect((result as { error: string }).error).toMatch(/address|url/i);
  });

  it('names the missing field for the chosen login method', async () => {
    const result = await validate({ url: vault.url, authMethod: 'userpass', username: 'someone' });
    expect(result.valid).toBe(false);
    expect((result as { error: string }).error).toMatch(/password/i);
  });
});

/**
 * Token roles as Vault 1.8 answers them. Texts from hashicorp/vault vault/token_store.go
 * (tokenStoreRoleCreateUpdate, tokenStoreRoleRead, handleCreateCommon) and sdk/helper/policyutil.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

describe('token roles like Vault 1.8', () => {
  let vault: VaultDevServer;
  const role = (name: string, body: unknown) => root(vault, 'POST', `auth/token/roles/${name}`, { body });
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    for (const p of ['app', 'ops', 'admin']) await writePolicy(vault, p, `path "secret/data/${p}/*" { capabilities = ["read"] }`);
  });
  afterAll(() => vault.stop());

  it('writes, reads, lists and deletes roles with the 1.8 fields', async () => {
    expect((await role('app', { allowed_policies: 'App, ops', disallowed_policies: ['admin'], orphan: true, token_period: '1h', path_suffix: 'svc-v1' })).status).toBe(204);
    expect((await root(vault, 'GET', 'auth/token/roles/app')).body.data).toEqual({
      period: 0,
      token_period: 3600,
      explicit_max_ttl: 0,
      token_explicit_max_ttl: 0,
      disallowed_policies: ['admin'],
      allowed_policies: ['app', 'ops'],
      name: 'app',
      orphan: true,
      path_suffix: 'svc-v1',
      renewable: true,
      token_type: 'default-service',
      allowed_entity_aliases: null,
    });
    expect((await root(vault, 'LIST', 'auth/token/roles')).body.data.keys).toEqual(['app']);
    expect((await root(vault, 'GET', 'auth/token/roles/none')).status).toBe(404);
  });

  it('refuses bad role settings with the token store texts', async () => {
    expect((await role('b', { token_type: 'batch' })).body).toEqual({ errors: ["'token_type' cannot be 'batch' when role is set to generate non-orphan tokens"] });
    expect((await role('b', { token_type: 'batch', orphan: true })).body).toEqual({ errors: ["'token_type' cannot be 'batch' when role is set to generate renewable tokens"] });
    expect((await role('b', { token_type: 'weird' })).body).toEqual({ errors: [`invalid 'token_type' value "weird"`] });
    expect((await role('b', { path_suffix: '!!' })).body).toEqual({ errors: ['given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w'] });
    expect((await role('b', { orphan: 'maybe' })).body).toEqual({ errors: [`error converting input maybe for field "orphan": cannot parse '' as bool: strconv.ParseBool: parsing "maybe": invalid syntax`] });
    const both = await role('b', { period: 60, token_period: 120 });
    expect(both).toMatchObject({ status: 200, body: { warnings: ["Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value"] } });
  });

  it('creates tokens against a role with its policy checks', async () => {
    const create = (body: unknown, token = vault.rootToken) => call(vault, 'POST', 'auth/token/create/app', { token, body });
    const fromRole = await create({});
    expect(fromRole.body.auth).toMatchObject({ policies: ['app', 'default', 'ops'], orphan: true, lease_duration: 3600 });
    const lookup = await root(vault, 'POST', 'auth/token/lookup', { body: { token: fromRole.body.auth.client_token } });
    expect(lookup.body.data).toMatchObject({ path: 'auth/token/create/app/svc-v1', role: 'app' });
    expect((await create({ policies: ['admin'] })).body).toEqual({ errors: [`token policies (["admin" "default"]) must be subset of the role's allowed policies (["app" "default" "ops"])`] });
    expect((await create({ policies: ['app'] })).body.auth.policies).toEqual(['app', 'default']);
    expect((await call(vault, 'POST', 'auth/token/create/ghost', { token: vault.rootToken, body: {} })).body).toEqual({ errors: ['unknown role ghost'] });
    await role('deny', { disallowed_policies: 'admin' });
    expect((await call(vault, 'POST', 'auth/token/create/deny', { token: vault.rootToken, body: { policies: ['admin'] } })).body).toEqual({ errors: ['token policy "admin" is disallowed by this role'] });
  });
});

/**
 * KV v2 config and metadata writes as Vault 1.8 (vault-plugin-secrets-kv v0.9: path_config.go,
 * path_metadata.go; sdk/framework FieldData.Validate for the conversion texts). custom_metadata
 * arrived in 1.9: in 1.8 it is an unknown field, ignored (the recorded metadata reads have no such key).
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

describe('KV v2 metadata options like Vault 1.8', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root', patchSupported: false });
  });
  afterAll(() => vault.stop());

  it('refuses values that do not convert, with the framework texts', async () => {
    const meta = (body: unknown) => root(vault, 'POST', 'secret/metadata/m', { body }).then((r) => r.body);
    expect(await meta({ max_versions: 'ten' })).toEqual({ errors: [`error converting input ten for field "max_versions": cannot parse '' as int: strconv.ParseInt: parsing "ten": invalid syntax`] });
    expect(await meta({ cas_required: 'maybe' })).toEqual({ errors: [`error converting input maybe for field "cas_required": cannot parse '' as bool: strconv.ParseBool: parsing "maybe": invalid syntax`] });
    expect(await meta({ delete_version_after: 'soon' })).toEqual({ errors: [`error converting input soon for field "delete_version_after": strconv.ParseInt: parsing "soon": invalid syntax`] });
    expect(await meta({ delete_version_after: '-5s' })).toEqual({ errors: [`error converting input -5s for field "delete_version_after": cannot provide negative value '-5'`] });
    expect((await root(vault, 'POST', 'secret/config', { body: { max_versions: [1] } })).body).toEqual({
      errors: [`error converting input [1] for field "max_versions": '' expected type 'int', got unconvertible type '[]interface {}'`],
    });
  });

  it('writes nothing when no known option is given, and ignores custom_metadata', async () => {
    expect((await root(vault, 'POST', 'secret/metadata/empty', { body: { custom_metadata: { a: 'b' } } })).status).toBe(204);
    expect((await root(vault, 'GET', 'secret/metadata/empty')).status).toBe(404);
    await root(vault, 'POST', 'secret/metadata/opts', { body: { max_versions: '3', cas_required: 'true', delete_version_after: '1h30m', custom_metadata: { a: 'b' } } });
    const read = (await root(vault, 'GET', 'secret/metadata/opts')).body.data;
    expect(read).toMatchObject({ max_versions: 3, cas_required: true, delete_version_after: '1h30m0s', current_version: 0 });
    expect(read).not.toHaveProperty('custom_metadata');
    await root(vault, 'POST', 'secret/config', { body: { max_versions: 5, delete_version_after: 60 } });
    expect((await root(vault, 'GET', 'secret/config')).body.data).toEqual({ cas_required: false, delete_version_after: '1m0s', max_versions: 5 });
  });
});

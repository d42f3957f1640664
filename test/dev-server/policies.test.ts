import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, kvPut, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

const DENIED = { status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } };

describe('ACL policies', () => {
  let vault: VaultDevServer;
  let token: string;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    for (const p of ['a/x', 'a/secret-one', 'teams/red/db', 'teams/blue/db', 'teams/red/other', 'exact', 'exact2']) await kvPut(vault, 'secret', p, { v: p });
    await writePolicy(
      vault,
      'mixed',
      `# comments are fine
path "secret/data/a/*" {
  capabilities = ["read"]
}
// a more specific rule wins over the glob
path "secret/data/a/secret-*" {
  capabilities = ["deny"]
}
path "secret/data/teams/+/db" { capabilities = ["read"] }
path "secret/data/exact" { capabilities = ["read", "update"] }
/* legacy syntax */
path "secret/data/exact2" { policy = "read" }
path "secret/metadata/*" { capabilities = ["list"] }`,
    );
    await writePolicy(vault, 'denier', 'path "secret/data/teams/blue/*" { capabilities = ["deny"] }');
    token = await createToken(vault, { policies: ['mixed', 'denier'] });
  });
  afterAll(() => vault.stop());

  it('denies by default', async () => {
    expect(await call(vault, 'GET', 'secret/data/elsewhere', { token })).toMatchObject(DENIED);
  });

  it('matches * as a prefix glob', async () => {
    expect((await call(vault, 'GET', 'secret/data/a/x', { token })).status).toBe(200);
  });

  it('lets the most specific rule win, and deny beats a grant', async () => {
    expect(await call(vault, 'GET', 'secret/data/a/secret-one', { token })).toMatchObject(DENIED);
  });

  it('matches + as exactly one segment', async () => {
    expect((await call(vault, 'GET', 'secret/data/teams/red/db', { token })).status).toBe(200);
    expect(await call(vault, 'GET', 'secret/data/teams/red/other', { token })).toMatchObject(DENIED);
  });

  it('merges policies: deny in one policy wins over a grant in another on a more specific path', async () => {
    expect(await call(vault, 'GET', 'secret/data/teams/blue/db', { token })).toMatchObject(DENIED);
  });

  it('checks the operation: read is not write, writes of new keys need create', async () => {
    expect((await call(vault, 'POST', 'secret/data/exact', { token, body: { data: { v: 2 } } })).status).toBe(200);
    expect(await call(vault, 'POST', 'secret/data/a/new', { token, body: { data: { v: 2 } } })).toMatchObject(DENIED);
    expect(await call(vault, 'DELETE', 'secret/data/exact', { token })).toMatchObject(DENIED);
  });

  it('supports the legacy policy = "read" form', async () => {
    expect((await call(vault, 'GET', 'secret/data/exact2', { token })).status).toBe(200);
  });

  it('needs list on the metadata path to list, with the trailing slash added to the checked path', async () => {
    expect((await call(vault, 'LIST', 'secret/metadata/teams', { token })).body.data.keys).toEqual(['blue/', 'red/']);
    expect(await call(vault, 'GET', 'secret/metadata/teams/red/db', { token })).toMatchObject(DENIED);
  });

  it('reports capabilities through sys/capabilities-self', async () => {
    const res = await call(vault, 'POST', 'sys/capabilities-self', { token, body: { paths: ['secret/data/exact', 'secret/data/a/secret-x', 'nope'] } });
    expect(res.body.data['secret/data/exact']).toEqual(['read', 'update']);
    expect(res.body.data['secret/data/a/secret-x']).toEqual(['deny']);
    expect(res.body.data.nope).toEqual(['deny']);
  });

  it('applies policy changes immediately', async () => {
    await writePolicy(vault, 'denier', 'path "secret/data/nothing" { capabilities = ["read"] }');
    expect((await call(vault, 'GET', 'secret/data/teams/blue/db', { token })).status).toBe(200);
  });

  it('grants the default policy: lookup-self works for any token', async () => {
    // (no policies at all would inherit the parent's: a root token, as in Vault)
    const plain = await createToken(vault, { policies: ['default'] });
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token: plain })).status).toBe(200);
    expect((await call(vault, 'GET', 'sys/policies/acl/default', { token: plain })).status).toBe(403);
  });

  it('rejects policies that do not parse, and protects root and default', async () => {
    const bad = await root(vault, 'PUT', 'sys/policies/acl/bad', { body: { policy: 'path "x" { capabilities = ["read"' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatch(/^failed to parse policy/);
    const badCap = await root(vault, 'PUT', 'sys/policies/acl/bad', { body: { policy: 'path "x" { capabilities = ["fly"] }' } });
    expect(badCap.body.errors[0]).toContain('invalid capability');
    expect((await root(vault, 'DELETE', 'sys/policies/acl/default')).status).toBe(400);
    expect((await root(vault, 'PUT', 'sys/policies/acl/root', { body: { policy: 'path "x" {}' } })).status).toBe(400);
  });

  it('lists, reads (new and legacy API) and deletes policies', async () => {
    expect((await root(vault, 'LIST', 'sys/policies/acl')).body.data.keys).toEqual(['default', 'denier', 'mixed', 'root']);
    expect((await root(vault, 'GET', 'sys/policy/mixed')).body.data.rules).toContain('secret/data/a/*');
    await root(vault, 'PUT', 'sys/policy/legacy', { body: { policy: 'path "x/*" { capabilities = ["read"] }' } });
    expect((await root(vault, 'GET', 'sys/policies/acl/legacy')).body.data.name).toBe('legacy');
    expect((await root(vault, 'DELETE', 'sys/policies/acl/legacy')).status).toBe(204);
    expect((await root(vault, 'GET', 'sys/policies/acl/legacy')).status).toBe(404);
  });

  it('accepts JSON policies', async () => {
    await writePolicy(vault, 'json', JSON.stringify({ path: { 'secret/data/a/x': { capabilities: ['read'] } } }));
    const t = await createToken(vault, { policies: ['json'] });
    expect((await call(vault, 'GET', 'secret/data/a/x', { token: t })).status).toBe(200);
  });
});

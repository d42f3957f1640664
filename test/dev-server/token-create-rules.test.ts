/**
 * auth/token/create and token renewal as Vault 1.8 rules them (vault/token_store.go
 * handleCreateCommon, authRenew; vault/expiration.go RenewToken; framework.CalculateTTL), beyond the
 * single answers transcript 3 recorded: same rule, other requests.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, createUserpass, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

describe('dev server: token creation and renewal rules', () => {
  let vault: VaultDevServer;
  let creator: string;

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await writePolicy(vault, 'creator', 'path "auth/token/create" { capabilities = ["create", "update"] }');
    await writePolicy(vault, 'sudo-creator', 'path "auth/token/create" { capabilities = ["create", "update", "sudo"] }');
    await writePolicy(vault, 'app', 'path "secret/data/app/*" { capabilities = ["read"] }');
    creator = await createToken(vault, { policies: ['creator'] });
  });
  afterAll(() => vault.stop());

  const create = (token: string, body: Record<string, unknown>, path = 'auth/token/create') => call(vault, 'POST', path, { token, body });
  const refusal = (text: string) => ({ status: 400, body: { errors: [text] } });

  it('sanitizes display_name as token_store.go does: other characters become "-", one trailing "-" dropped', async () => {
    const displayName = async (name: string) => {
      const token = (await create('root', { display_name: name })).body.auth.client_token;
      return (await call(vault, 'GET', 'auth/token/lookup-self', { token })).body.data.display_name;
    };
    expect(await displayName('ci bot')).toBe('token-ci-bot');
    expect(await displayName('a!!')).toBe('token-a-');
    expect(await displayName('a\u{1F600}b')).toBe('token-a-b'); // one rune, one '-'
    // a long run of dashes not at the end: one pass, not a scan from each dash
    expect(await displayName(`${'-'.repeat(100_000)}x`)).toBe(`token-${'-'.repeat(100_000)}x`);
  });

  it('validates fields with Vault texts: negative uses, TTL syntax, negative durations', async () => {
    expect(await create('root', { num_uses: -1 })).toMatchObject(refusal('number of uses cannot be negative'));
    expect(await create('root', { num_uses: '-3' })).toMatchObject(refusal('number of uses cannot be negative'));
    expect(await create('root', { ttl: 'abc' })).toMatchObject(refusal('strconv.ParseInt: parsing "abc": invalid syntax'));
    expect(await create('root', { ttl: '1x' })).toMatchObject(refusal('strconv.ParseInt: parsing "1x": invalid syntax'));
    expect(await create('root', { ttl: '1xs' })).toMatchObject(refusal('time: unknown unit "xs" in duration "1xs"'));
    expect(await create('root', { ttl: '-5' })).toMatchObject(refusal('ttl must be positive'));
    expect(await create('root', { explicit_max_ttl: '-1h' })).toMatchObject(refusal('explicit_max_ttl must be positive'));
    expect(await create('root', { period: '-1' })).toMatchObject(refusal('period must be positive'));
    expect(await create('root', { type: 'batch', num_uses: 3 })).toMatchObject(refusal('batch tokens cannot have "num_uses" set'));
    expect(await create('root', { type: 'weird' })).toMatchObject(refusal("invalid 'token_type' value"));
    expect(await create('root', { policies: ['response-wrapping'] })).toMatchObject(refusal('cannot assign policy "response-wrapping"'));
  });

  it('orphans, periods and custom ids need root or sudo on the create path', async () => {
    expect(await create(creator, { no_parent: true, policies: ['default'] })).toMatchObject(refusal('root or sudo privileges required to create orphan token'));
    expect(await create(creator, { period: '1h' })).toMatchObject(refusal('root or sudo privileges required to create periodic token'));
    expect(await create(creator, { id: 'my-own-token-id' })).toMatchObject(refusal('root or sudo privileges required to specify token id'));
    const sudo = await createToken(vault, { policies: ['sudo-creator'] });
    const orphan = await create(sudo, { no_parent: true, policies: ['app'] });
    // with sudo the policies need not be the parent's, and default is added
    expect(orphan.body.auth).toMatchObject({ orphan: true, policies: ['app', 'default'] });
    const custom = await create('root', { id: 'my-own-token-id', policies: ['default'] });
    expect(custom.body.auth.client_token).toBe('my-own-token-id');
    expect(custom.body.warnings[0]).toMatch(/^Supplying a custom ID for the token uses the weaker SHA1 hashing/);
  });

  it('a token created with no policies inherits its parent\'s (a root parent gives a root token)', async () => {
    const child = await create('root', { policies: [] });
    expect(child.body.auth.policies).toEqual(['root']);
    const fromCreator = await create(creator, {});
    expect(fromCreator.body.auth.policies).toEqual(['creator', 'default']);
  });

  it('a token with limited uses cannot create children', async () => {
    const limited = (await create('root', { policies: ['creator'], num_uses: 5 })).body.auth.client_token;
    expect(await create(limited, {})).toMatchObject(refusal('restricted use token cannot generate child tokens'));
  });

  it('a periodic token lives its period from each renewal, whatever increment is asked', async () => {
    const created = await create('root', { period: '30m', policies: ['default'], ttl: '5m' });
    expect(created.body.auth.lease_duration).toBe(1800);
    const token = created.body.auth.client_token;
    expect((await call(vault, 'GET', 'auth/token/lookup-self', { token })).body.data).toMatchObject({ period: 1800, creation_ttl: 1800 });
    vault.advanceTime(600);
    const renewed = await call(vault, 'POST', 'auth/token/renew-self', { token, body: { increment: '1m' } });
    expect(renewed.body.auth.lease_duration).toBe(1800);
    // a period above the max TTL is capped with its own warning
    const capped = await create('root', { period: '1000h', policies: ['default'] });
    expect(capped.body.warnings).toEqual(['period of "1000h" exceeded the effective max_ttl of "768h"; period value is capped accordingly']);
  });

  it("a token role's explicit max TTL is applied but not shown, and its period wins at renewal", async () => {
    await root(vault, 'POST', 'auth/token/roles/capped', { body: { allowed_policies: ['app'], token_explicit_max_ttl: '1h' } });
    const t = (await create('root', { ttl: '3h' }, 'auth/token/create/capped')).body;
    expect(t.auth.lease_duration).toBe(3600);
    expect(t.warnings).toEqual(['TTL of "3h" exceeded the effective max_ttl of "1h"; TTL value is capped accordingly']);
    const self = await call(vault, 'GET', 'auth/token/lookup-self', { token: t.auth.client_token });
    expect(self.body.data).toMatchObject({ explicit_max_ttl: 0, role: 'capped' });
    expect(self.body.data).not.toHaveProperty('period');
    const both = await create('root', { explicit_max_ttl: '2h' }, 'auth/token/create/capped');
    expect(both.body.warnings).toContain('Explicit max TTL specified both during creation call and in role; using the lesser value of 3600 seconds');
    await root(vault, 'DELETE', 'auth/token/roles/capped');
    const renewal = await call(vault, 'POST', 'auth/token/renew-self', { token: t.auth.client_token, body: {} });
    expect(renewal).toMatchObject(refusal('original token role "capped" could not be found, not renewing'));
  });

  it('userpass: a token of a deleted user is not renewed (204), changed policies refuse, the path names the user', async () => {
    await createUserpass(vault, { username: 'carol', password: 'pw-1', policies: ['app'] });
    const login = async () => (await call(vault, 'POST', 'auth/userpass/login/Carol', { body: { password: 'pw-1' } })).body.auth.client_token;
    const token = await login();
    const self = await call(vault, 'GET', 'auth/token/lookup-self', { token });
    expect(self.body.data.path).toBe('auth/userpass/login/Carol');
    const other = await login();
    await root(vault, 'POST', 'auth/userpass/users/carol/policies', { body: { token_policies: 'default' } });
    expect(await call(vault, 'POST', 'auth/token/renew-self', { token: other, body: {} })).toMatchObject(refusal('policies have changed, not renewing'));
    await root(vault, 'DELETE', 'auth/userpass/users/carol');
    const gone = await call(vault, 'POST', 'auth/token/renew-self', { token, body: {} });
    expect(gone.status).toBe(204);
    const missing = await call(vault, 'POST', 'auth/userpass/login/carol', { body: {} });
    expect(missing).toMatchObject({ status: 500, body: { errors: ['missing password'] } });
  });

  it("tune stores a mount's lease TTLs and checks them against each other", async () => {
    const tuned = await root(vault, 'POST', 'sys/mounts/secret/tune', { body: { default_lease_ttl: '1h', max_lease_ttl: '2h' } });
    expect(tuned.status).toBe(204);
    const read = await root(vault, 'GET', 'sys/mounts/secret/tune');
    expect(read.body.data).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200, options: { version: '2' } });
    const bad = await root(vault, 'POST', 'sys/mounts/secret/tune', { body: { max_lease_ttl: '30m' } });
    expect(bad).toMatchObject(refusal('backend max lease TTL of 1800 would be less than backend default lease TTL of 3600'));
    expect((await root(vault, 'POST', 'sys/mounts/secret/tune', { body: { default_lease_ttl: 'system', max_lease_ttl: 'system' } })).status).toBe(204);
    expect((await root(vault, 'GET', 'sys/auth/token/tune')).body.data).not.toHaveProperty('options');
  });
});

/**
 * Response wrapping as Vault 1.8 does it (vault/wrapping.go, logical_system.go handleWrapping*,
 * http/handler.go wrappingVerificationFunc): the wrapped answer lives in the wrapping token's
 * cubbyhole, so it is single use, dies with the token's TTL, and rewrap moves it to a new token.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, kvPut, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';

const INVALID = { errors: ['wrapping token is not valid or does not exist'] };

describe('dev server: response wrapping', () => {
  let vault: VaultDevServer;

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await kvPut(vault, 'secret', 'wrap/app', { password: 'p1' });
  });
  afterAll(() => vault.stop());

  const wrapRead = async (ttl = '120s') => {
    const res = await root(vault, 'GET', 'secret/data/wrap/app', { headers: { 'X-Vault-Wrap-TTL': ttl } });
    expect(res.status).toBe(200);
    return res.body.wrap_info as { token: string; ttl: number; creation_path: string; creation_time: string };
  };

  it('rewrap moves the answer to a new token with the original TTL and creation path; the old one is gone', async () => {
    const first = await wrapRead('90');
    const rewrapped = await root(vault, 'POST', 'sys/wrapping/rewrap', { body: { token: first.token } });
    expect(rewrapped.status).toBe(200);
    expect(rewrapped.body).toMatchObject({ request_id: '', data: null, wrap_info: { ttl: 90, creation_path: 'secret/data/wrap/app' } });
    const second = rewrapped.body.wrap_info.token;
    expect(second).not.toBe(first.token);
    expect((await call(vault, 'POST', 'sys/wrapping/unwrap', { token: first.token })).body).toEqual(INVALID);
    const lookup = await call(vault, 'POST', 'sys/wrapping/lookup', { body: { token: second } });
    expect(lookup.body.data).toMatchObject({ creation_path: 'secret/data/wrap/app', creation_ttl: 90 });
    const unwrapped = await call(vault, 'POST', 'sys/wrapping/unwrap', { token: second });
    expect(unwrapped.body.data.data).toEqual({ password: 'p1' });
    expect((await root(vault, 'POST', 'sys/wrapping/rewrap', { body: { token: second } })).body).toEqual(INVALID);
  });

  it('rewrap of a wrapped login keeps the login', async () => {
    await writePolicy(vault, 'wrapped-login', 'path "secret/*" { capabilities = ["read"] }');
    const child = await root(vault, 'POST', 'auth/token/create', { headers: { 'X-Vault-Wrap-TTL': '60s' }, body: { policies: ['wrapped-login'] } });
    expect(child.body.wrap_info.wrapped_accessor).toEqual(expect.any(String));
    const rewrapped = await root(vault, 'POST', 'sys/wrapping/rewrap', { body: { token: child.body.wrap_info.token } });
    expect(rewrapped.body.wrap_info).toMatchObject({ ttl: 60, creation_path: 'auth/token/create' });
    const unwrapped = await call(vault, 'POST', 'sys/wrapping/unwrap', { token: rewrapped.body.wrap_info.token });
    expect(unwrapped.body.auth.policies).toEqual(['default', 'wrapped-login']);
  });

  it('a wrapping token may read its cubbyhole and unwrap itself, nothing else; reading uses it up', async () => {
    const info = await wrapRead();
    const own = await call(vault, 'POST', 'sys/wrapping/rewrap', { token: info.token });
    expect(own.status).toBe(403);
    expect((await call(vault, 'GET', 'secret/data/wrap/app', { token: info.token })).status).toBe(403);
    const cubby = await call(vault, 'GET', 'cubbyhole/response', { token: info.token });
    expect(cubby.status).toBe(200);
    expect(JSON.parse(cubby.body.data.response).data.data).toEqual({ password: 'p1' });
    expect((await call(vault, 'POST', 'sys/wrapping/lookup', { body: { token: info.token } })).body).toEqual(INVALID);
  });

  it('a third party unwraps with a token of its own that the ACL lets do it', async () => {
    const info = await wrapRead();
    const none = await call(vault, 'POST', 'sys/wrapping/unwrap', { body: { token: info.token } });
    expect(none.body).toEqual({ errors: ['missing client token'] });
    const noDefault = await root(vault, 'POST', 'auth/token/create', { body: { policies: ['wrapped-login'], no_default_policy: true } });
    const denied = await call(vault, 'POST', 'sys/wrapping/unwrap', { token: noDefault.body.auth.client_token, body: { token: info.token } });
    expect(denied.status).toBe(403);
    const helper = await createToken(vault, { policies: ['default'] });
    const unwrapped = await call(vault, 'POST', 'sys/wrapping/unwrap', { token: helper, body: { token: info.token } });
    expect(unwrapped.body.data.data).toEqual({ password: 'p1' });
  });

  it('the wrapping token is checked before the request: its form, its existence, its policy', async () => {
    const notString = await root(vault, 'POST', 'sys/wrapping/rewrap', { body: { token: 12 } });
    expect(notString).toMatchObject({ status: 400, body: { errors: ['error validating wrapping token: could not decode token in request body'] } });
    const empty = await root(vault, 'POST', 'sys/wrapping/lookup', { body: { token: '' } });
    expect(empty.body).toEqual({ errors: ['error validating wrapping token: empty token in request body'] });
    const notWrapping = await root(vault, 'POST', 'sys/wrapping/rewrap', { body: { token: vault.rootToken } });
    expect(notWrapping.body).toEqual(INVALID);
    expect((await root(vault, 'POST', 'sys/wrapping/unwrap')).body).toEqual(INVALID);
  });

  it('a wrapped answer dies with the TTL of its token', async () => {
    const info = await wrapRead('30s');
    vault.advanceTime(31);
    expect((await call(vault, 'POST', 'sys/wrapping/lookup', { body: { token: info.token } })).body).toEqual(INVALID);
  });

  it('X-Vault-Wrap-TTL is parsed like parseutil.ParseDurationSecond', async () => {
    const abc = await root(vault, 'GET', 'secret/data/wrap/app', { headers: { 'X-Vault-Wrap-TTL': 'abc' } });
    expect(abc.body).toEqual({ errors: ['error parsing X-Vault-Wrap-TTL header: strconv.ParseInt: parsing "abc": invalid syntax'] });
    const unit = await root(vault, 'GET', 'secret/data/wrap/app', { headers: { 'X-Vault-Wrap-TTL': '1xs' } });
    expect(unit.body).toEqual({ errors: ['error parsing X-Vault-Wrap-TTL header: time: unknown unit "xs" in duration "1xs"'] });
    const negative = await root(vault, 'GET', 'secret/data/wrap/app', { headers: { 'X-Vault-Wrap-TTL': '-5' } });
    expect(negative.body).toEqual({ errors: ['error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative'] });
    expect((await wrapRead('2m')).ttl).toBe(120);
  });
});

/**
 * JWT auth as Vault 1.8 answers it. Texts from hashicorp/vault-plugin-auth-jwt v0.10 (path_config.go
 * pathConfigWrite, path_role.go pathRoleCreateUpdate, path_login.go pathLogin, claims.go) and
 * hashicorp/cap jwt/jwt.go (Validate) and jwt/keyset.go.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { call, root } from './call';
import { newKey, signJwt } from './jwt-sign';

const rsa = newKey('RS256');
const nowSec = () => Math.floor(Date.now() / 1000);

describe('jwt auth like Vault 1.8', () => {
  let vault: VaultDevServer;
  const role = (name: string, body: unknown) => root(vault, 'POST', `auth/jwt/role/${name}`, { body });
  const login = (jwt: string, roleName?: string) => call(vault, 'POST', 'auth/jwt/login', { body: roleName === undefined ? { jwt } : { role: roleName, jwt } });
  const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'build-7', iat: nowSec(), exp: nowSec() + 300, ...extra });
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await root(vault, 'POST', 'sys/auth/jwt', { body: { type: 'jwt' } });
  });
  afterAll(() => vault.stop());

  it('validates the config like path_config.go', async () => {
    const config = (body: unknown) => root(vault, 'POST', 'auth/jwt/config', { body }).then((r) => r.body);
    expect(await config({})).toEqual({ errors: ["exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set"] });
    expect(await config({ jwt_validation_pubkeys: [rsa.publicPem], jwks_url: 'https://idp.test/keys' })).toEqual({
      errors: ["exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set"],
    });
    expect(await config({ jwt_validation_pubkeys: ['not a key'] })).toEqual({ errors: ['error parsing public key: data does not contain any valid public keys'] });
    expect(await config({ jwt_validation_pubkeys: [rsa.publicPem], oidc_client_id: 'x' })).toEqual({ errors: ["both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC"] });
    expect(await config({ jwt_validation_pubkeys: [rsa.publicPem], jwt_supported_algs: ['HS256'] })).toEqual({ errors: ['invalid jwt_supported_algs: unsupported signing algorithm "HS256"'] });
    expect(await config({ jwt_validation_pubkeys: [rsa.publicPem], oidc_response_mode: 'fragment' })).toEqual({ errors: ['invalid response_mode: "fragment"'] });
    expect((await root(vault, 'POST', 'auth/jwt/config', { body: { jwt_validation_pubkeys: [rsa.publicPem], bound_issuer: 'https://issuer.test', default_role: 'CI' } })).status).toBe(204);
    expect((await root(vault, 'GET', 'auth/jwt/config')).body.data).toEqual({
      oidc_discovery_url: '',
      oidc_discovery_ca_pem: '',
      oidc_client_id: '',
      oidc_response_mode: '',
      oidc_response_types: [],
      default_role: 'ci',
      jwt_validation_pubkeys: [rsa.publicPem.trim()], // TypeCommaStringSlice trims each entry
      jwt_supported_algs: [],
      jwks_url: '',
      jwks_ca_pem: '',
      bound_issuer: 'https://issuer.test',
      provider_config: {},
      namespace_in_state: true,
    });
  });

  it('validates roles like path_role.go (role_type defaults to oidc)', async () => {
    expect((await role('r', { user_claim: 'sub', bound_subject: 'x' })).body).toEqual({ errors: ["'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified."] });
    expect((await role('r', { role_type: 'saml', user_claim: 'sub' })).body).toEqual({ errors: ["invalid 'role_type': saml"] });
    expect((await role('r', { role_type: 'jwt', bound_subject: 'x' })).body).toEqual({ errors: ['a user claim must be defined on the role'] });
    expect((await role('r', { role_type: 'jwt', user_claim: 'sub' })).body).toEqual({ errors: ['must have at least one bound constraint when creating/updating a role'] });
    expect((await role('r', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'x', bound_claims_type: 'regex' })).body).toEqual({ errors: ["invalid 'bound_claims_type': regex"] });
    expect((await role('r', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'x', claim_mappings: { email: 'role' } })).body).toEqual({
      errors: ['metadata key "role" is reserved and may not be a mapping destination'],
    });
    expect((await role('r', { role_type: 'jwt', user_claim: 'sub', bound_claims: 'x' })).body).toEqual({ errors: [`error converting input x for field "bound_claims": '' expected a map, got 'string'`] });
    // v0.10 returns its empty response: 200 with no data
    const ok = await role('ci', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'build-7', bound_claims: { team: ['ops', 'dev'] }, claim_mappings: { team: 'team' }, token_policies: 'reader' });
    expect(ok).toMatchObject({ status: 200, body: { data: null, warnings: null } });
    expect((await root(vault, 'GET', 'auth/jwt/role/ci')).body.data).toMatchObject({
      role_type: 'jwt',
      expiration_leeway: 0,
      not_before_leeway: 0,
      clock_skew_leeway: 0,
      bound_audiences: null,
      bound_claims_type: 'string',
      bound_claims: { team: ['ops', 'dev'] },
      claim_mappings: { team: 'team' },
      groups_claim: '',
      allowed_redirect_uris: null,
      verbose_oidc_logging: false,
      max_age: 0,
      token_policies: ['reader'],
      token_type: 'default',
    });
  });

  it('refuses logins with the texts of path_login.go and cap', async () => {
    const cases: [string, string | undefined, string][] = [
      [signJwt(rsa, claims({ iss: 'https://issuer.test', team: 'ops' })), 'nope', 'role "nope" could not be found'],
      [signJwt(rsa, claims({ iss: 'https://evil.test', team: 'ops' })), 'ci', 'error validating token: invalid issuer (iss) claim'],
      [signJwt(rsa, claims({ iss: 'https://issuer.test', sub: 'other', team: 'ops' })), 'ci', 'error validating token: invalid subject (sub) claim'],
      [signJwt(rsa, claims({ iss: 'https://issuer.test', team: 'ops', exp: nowSec() - 120 })), 'ci', 'error validating token: invalid expiration time (exp) claim: token is expired'],
      [signJwt(rsa, claims({ iss: 'https://issuer.test', team: 'ops', nbf: nowSec() + 120 })), 'ci', 'error validating token: invalid not before (nbf) claim: token not yet valid'],
      [signJwt(rsa, { iss: 'https://issuer.test', sub: 'build-7', team: 'ops' }), 'ci', 'error validating token: no issued at (iat), not before (nbf), or expiration time (exp) claims in token'],
      [signJwt(newKey('RS256'), claims({ iss: 'https://issuer.test' })), 'ci', 'error validating token: error verifying token signature: no known key successfully validated the token signature'],
      ['a.b', 'ci', 'error validating token: error verifying token signature: square/go-jose: compact JWS format must have three parts'],
      // go-jose: each part RawURL base64, then the header as JSON (encoding/json's texts)
      ['aaa.bbb.ccc', 'ci', "error validating token: error verifying token signature: invalid character 'i' looking for beginning of value"],
      ['e30=.e30.AA', 'ci', 'error validating token: error verifying token signature: illegal base64 data at input byte 3'],
      [`${Buffer.from('{"alg":"RS256"').toString('base64url')}.e30.AA`, 'ci', 'error validating token: error verifying token signature: unexpected end of JSON input'],
      [`${Buffer.from('[1]').toString('base64url')}.e30.AA`, 'ci', 'error validating token: error verifying token signature: json: cannot unmarshal array into Go value of type jose.rawHeader'],
      [signJwt(rsa, claims({ iss: 'https://issuer.test', aud: ['x'], team: 'ops' })), 'ci', 'audience claim found in JWT but no audiences bound to the role'],
      [signJwt(rsa, claims({ iss: 'https://issuer.test', team: 'sales' })), 'ci', 'error validating claims: claim "team" does not match any associated bound claim values'],
      [signJwt(rsa, claims({ iss: 'https://issuer.test' })), 'ci', 'error validating claims: claim "team" is missing'],
    ];
    for (const [jwt, roleName, error] of cases) expect((await login(jwt, roleName)).body).toEqual({ errors: [error] });
    expect((await call(vault, 'POST', 'auth/jwt/login', { body: { role: 'ci' } })).body).toEqual({ errors: ['missing token'] });
    await role('web', { role_type: 'oidc', user_claim: 'sub', allowed_redirect_uris: 'https://app.test/cb' });
    expect((await login(signJwt(rsa, claims()), 'web')).body).toEqual({ errors: ['role with oidc role_type is not allowed'] });
  });

  it('logs in through the default role with the mapped claims as metadata', async () => {
    const res = await login(signJwt(rsa, claims({ iss: 'https://issuer.test', team: 'ops' })));
    expect(res.status).toBe(200);
    expect(res.body.auth).toMatchObject({ policies: ['default', 'reader'], metadata: { role: 'ci', team: 'ops' } });
  });
});

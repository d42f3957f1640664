import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createAppRole, createUserpass, kvPut, writePolicy } from '../helpers/vault-setup';
import { call, root } from './call';
import { newKey, signJwt } from './jwt-sign';

describe('login methods', () => {
  let vault: VaultDevServer;
  const rsa = newKey('RS256');
  const ec = newKey('ES256');
  const stranger = newKey('RS256');
  const nowSec = () => Math.floor(vault.now / 1000);

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
    await writePolicy(vault, 'reader', 'path "secret/data/*" { capabilities = ["read"] }');
    await kvPut(vault, 'secret', 'app', { ok: true });
  });
  afterAll(() => vault.stop());

  const canRead = async (token: string) => (await call(vault, 'GET', 'secret/data/app', { token })).status === 200;

  describe('approle', () => {
    it('counts secret_id uses', async () => {
      const { roleId, secretId } = await createAppRole(vault, { role: 'twice', policies: ['reader'], secretIdNumUses: 2 });
      const login = () => call(vault, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId } });
      expect((await login()).status).toBe(200);
      expect((await login()).status).toBe(200);
      expect(await login()).toMatchObject({ status: 400, body: { errors: ['invalid secret id'] } });
    });

    it('expires secret_ids with their TTL', async () => {
      const { roleId, secretId } = await createAppRole(vault, { role: 'short', policies: ['reader'], secretIdTtl: '60s' });
      vault.advanceTime(61);
      expect((await call(vault, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId } })).body).toEqual({ errors: ['invalid secret id'] });
    });

    it('logs in with role_id only when bind_secret_id is false, at a custom mount, with batch tokens', async () => {
      const { roleId, secretId } = await createAppRole(vault, { mount: 'robots', role: 'open', policies: ['reader'], bindSecretId: false, tokenType: 'batch', tokenTtl: '10m' });
      expect(secretId).toBe('');
      const res = await call(vault, 'POST', 'auth/robots/login', { body: { role_id: roleId } });
      expect(res.body.auth).toMatchObject({ token_type: 'batch', renewable: false, lease_duration: 600, metadata: { role_name: 'open' } });
      expect(res.body.auth.client_token).toMatch(/^b\./);
      expect(await canRead(res.body.auth.client_token)).toBe(true);
    });

    it('wraps a secret_id with X-Vault-Wrap-TTL; unwrapping works once', async () => {
      const { roleId } = await createAppRole(vault, { role: 'wrapped', policies: ['reader'] });
      const wrapped = await root(vault, 'POST', 'auth/approle/role/wrapped/secret-id', { headers: { 'X-Vault-Wrap-TTL': '60s' } });
      expect(wrapped.body.data).toBeNull();
      expect(wrapped.body.wrap_info).toMatchObject({ ttl: 60, creation_path: 'auth/approle/role/wrapped/secret-id' });
      const wrapToken = wrapped.body.wrap_info.token;
      expect((await call(vault, 'POST', 'sys/wrapping/lookup', { body: { token: wrapToken } })).body.data.creation_ttl).toBe(60);
      const unwrapped = await call(vault, 'POST', 'sys/wrapping/unwrap', { token: wrapToken });
      expect(unwrapped.body.data.secret_id_accessor).toMatch(/^[0-9a-f-]{36}$/);
      const login = await call(vault, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: unwrapped.body.data.secret_id } });
      expect(login.status).toBe(200);
      expect((await call(vault, 'POST', 'sys/wrapping/unwrap', { token: wrapToken })).status).toBe(400);
    });

    it('gives AppRole tokens the role TTL, capped by token_max_ttl on renewal', async () => {
      const { roleId, secretId } = await createAppRole(vault, { role: 'ttl', policies: ['reader'], tokenTtl: '1m', tokenMaxTtl: '2m' });
      const token = (await call(vault, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId } })).body.auth.client_token;
      const renewed = await call(vault, 'POST', 'auth/token/renew-self', { token, body: { increment: '10m' } });
      expect(renewed.body.auth.lease_duration).toBeLessThanOrEqual(120);
      expect(renewed.body.warnings).toHaveLength(1);
    });
  });

  describe('userpass', () => {
    it('logs in with the right password only', async () => {
      await createUserpass(vault, { username: 'alice', password: 'correct horse', policies: ['reader'] });
      const ok = await call(vault, 'POST', 'auth/userpass/login/alice', { body: { password: 'correct horse' } });
      expect(ok.body.auth).toMatchObject({ policies: ['default', 'reader'], metadata: { username: 'alice' } });
      expect(await canRead(ok.body.auth.client_token)).toBe(true);
      expect(await call(vault, 'POST', 'auth/userpass/login/alice', { body: { password: 'wrong' } })).toMatchObject({ status: 400, body: { errors: ['invalid username or password'] } });
      expect((await call(vault, 'POST', 'auth/userpass/login/bob', { body: { password: 'x' } })).body.errors).toEqual(['invalid username or password']);
    });

    it('lists and deletes users at any mount, never showing the password', async () => {
      await createUserpass(vault, { mount: 'people', username: 'carol', password: 'pw-123', policies: ['reader'] });
      expect((await root(vault, 'LIST', 'auth/people/users')).body.data.keys).toEqual(['carol']);
      const read = await root(vault, 'GET', 'auth/people/users/carol');
      expect(read.text).not.toContain('pw-123');
      expect(read.body.data.token_policies).toEqual(['reader']);
      await root(vault, 'DELETE', 'auth/people/users/carol');
      expect((await call(vault, 'POST', 'auth/people/login/carol', { body: { password: 'pw-123' } })).status).toBe(400);
    });
  });

  describe('jwt', () => {
    beforeAll(async () => {
      await root(vault, 'POST', 'sys/auth/jwt', { body: { type: 'jwt' } });
      await root(vault, 'POST', 'auth/jwt/config', { body: { jwt_validation_pubkeys: [rsa.publicPem, ec.publicPem], bound_issuer: 'https://issuer.test' } });
      await root(vault, 'POST', 'auth/jwt/role/ci', { body: { role_type: 'jwt', bound_audiences: ['vault'], user_claim: 'sub', token_policies: ['reader'], token_ttl: '5m' } });
    });
    const claims = (extra: Record<string, unknown> = {}) => ({ iss: 'https://issuer.test', aud: 'vault', sub: 'build-7', iat: nowSec(), exp: nowSec() + 300, ...extra });
    const login = (jwt: string, role = 'ci') => call(vault, 'POST', 'auth/jwt/login', { body: { role, jwt } });

    it('accepts RS256 and ES256 tokens signed by a configured key', async () => {
      for (const key of [rsa, ec]) {
        const res = await login(signJwt(key, claims()));
        expect(res.body.errors).toBeUndefined();
        expect(res.status).toBe(200);
        expect(res.body.auth).toMatchObject({ lease_duration: 300, policies: ['default', 'reader'] });
        expect(await canRead(res.body.auth.client_token)).toBe(true);
      }
    });

    it('refuses bad signatures, expiry, not-before, audience and issuer', async () => {
      const cases: [string, RegExp][] = [
        [signJwt(stranger, claims()), /no known key/],
        [signJwt(rsa, claims({ exp: nowSec() - 100 })), /token is expired/],
        [signJwt(rsa, claims({ nbf: nowSec() + 100 })), /token not yet valid/],
        [signJwt(rsa, claims({ aud: 'other' })), /audience/],
        [signJwt(rsa, claims({ iss: 'https://evil.test' })), /issuer/],
        [signJwt(rsa, claims()).slice(0, -4) + 'AAAA', /signature/],
        ['not.a.jwt', /error verifying token signature/],
      ];
      for (const [jwt, message] of cases) {
        const res = await login(jwt);
        expect(res.status).toBe(400);
        expect(res.body.errors[0]).toMatch(message);
      }
      expect((await login(signJwt(rsa, claims()), 'nope')).status).toBe(400);
    });
  });

  describe('kubernetes', () => {
    const saClaims = (name: string, ns: string) => ({
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': ns,
      'kubernetes.io/serviceaccount/service-account.name': name,
      'kubernetes.io/serviceaccount/service-account.uid': `${ns}-${name}-uid`,
    });

    beforeAll(async () => {
      await root(vault, 'POST', 'sys/auth/kubernetes', { body: { type: 'kubernetes' } });
      await root(vault, 'POST', 'auth/kubernetes/role/app', {
        body: { bound_service_account_names: ['piece-*'], bound_service_account_namespaces: ['prod'], token_policies: ['reader'] },
      });
    });

    it('without pem_keys: decodes the JWT and checks the service account and namespace', async () => {
      await root(vault, 'POST', 'auth/kubernetes/config', { body: { kubernetes_host: 'https://k8s.test' } });
      const ok = await call(vault, 'POST', 'auth/kubernetes/login', { body: { role: 'app', jwt: signJwt(stranger, saClaims('piece-runner', 'prod')) } });
      expect(ok.body.auth.metadata).toMatchObject({ service_account_name: 'piece-runner', service_account_namespace: 'prod' });
      const projected = signJwt(stranger, { 'kubernetes.io': { namespace: 'prod', serviceaccount: { name: 'piece-x', uid: 'u' } } });
      expect((await call(vault, 'POST', 'auth/kubernetes/login', { body: { role: 'app', jwt: projected } })).status).toBe(200);
      expect(await call(vault, 'POST', 'auth/kubernetes/login', { body: { role: 'app', jwt: signJwt(rsa, saClaims('other', 'prod')) } })).toMatchObject({ status: 403, body: { errors: ['service account name not authorized'] } });
      expect(await call(vault, 'POST', 'auth/kubernetes/login', { body: { role: 'app', jwt: signJwt(rsa, saClaims('piece-a', 'dev')) } })).toMatchObject({ status: 403, body: { errors: ['namespace not authorized'] } });
    });

    it('with pem_keys: verifies the signature', async () => {
      await root(vault, 'POST', 'auth/kubernetes/config', { body: { kubernetes_host: 'https://k8s.test', pem_keys: [rsa.publicPem] } });
      expect((await call(vault, 'POST', 'auth/kubernetes/login', { body: { role: 'app', jwt: signJwt(rsa, saClaims('piece-a', 'prod')) } })).status).toBe(200);
      expect((await call(vault, 'POST', 'auth/kubernetes/login', { body: { role: 'app', jwt: signJwt(stranger, saClaims('piece-a', 'prod')) } })).status).toBe(403);
    });
  });
});

/**
 * Policy writes, deletes and capability checks as Vault 1.8 answers them. Texts from hashicorp/vault
 * vault/policy.go (parseACLPolicyWithTemplating, parsePaths), sdk/helper/hclutil CheckHCLKeys,
 * vault/policy_store.go (SetPolicy, DeletePolicy, defaultPolicy) and vault/logical_system.go
 * (handlePoliciesSet, handleCapabilities).
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { root } from './call';

describe('policies like Vault 1.8', () => {
  let vault: VaultDevServer;
  const put = (path: string, body: unknown) => root(vault, 'PUT', path, { body });
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root', patchSupported: false });
  });
  afterAll(() => vault.stop());

  it('refuses unknown keys and capabilities', async () => {
    expect((await put('sys/policies/acl/p', { policy: 'path "a/*" {\n  capabilities = ["read"]\n  capabilitiez = ["list"]\n}' })).body).toEqual({
      errors: ['failed to parse policy: 1 error occurred:\n\t* path "a/*": invalid key "capabilitiez" on line 3\n\n'],
    });
    expect((await put('sys/policies/acl/p', { policy: 'name = "x"\nfoo = 1\nbar "b" {}' })).body).toEqual({
      errors: ['failed to parse policy: 2 errors occurred:\n\t* invalid key "foo" on line 2\n\t* invalid key "bar" on line 0\n\n'],
    });
    expect((await put('sys/policies/acl/p', { policy: 'path "a" { capabilities = ["write"] }' })).body).toEqual({ errors: ['failed to parse policy: path "a": invalid capability "write"'] });
    // no patch capability before 1.9
    expect((await put('sys/policies/acl/p', { policy: 'path "a" { capabilities = ["patch"] }' })).body).toEqual({ errors: ['failed to parse policy: path "a": invalid capability "patch"'] });
    expect((await put('sys/policies/acl/p', { policy: '' })).body).toEqual({ errors: ["'policy' parameter not supplied or empty"] });
  });

  it('protects root, response-wrapping and default', async () => {
    const ok = 'path "a" { capabilities = ["read"] }';
    expect((await put('sys/policies/acl/root', { policy: ok })).body).toEqual({ errors: ['cannot update "root" policy'] });
    expect((await put('sys/policies/acl/response-wrapping', { policy: ok })).body).toEqual({ errors: ['cannot update "response-wrapping" policy'] });
    expect((await root(vault, 'DELETE', 'sys/policies/acl/root')).body).toEqual({ errors: ['cannot delete "root" policy'] });
    expect((await root(vault, 'DELETE', 'sys/policy/default')).body).toEqual({ errors: ['cannot delete default policy'] });
    expect((await root(vault, 'GET', 'sys/policy/default')).body.data.rules).toMatch(/^\n# Allow tokens to look up their own properties\n/);
  });

  it('takes legacy rules with a warning, and base64 policies', async () => {
    const legacy = await put('sys/policy/old', { rules: 'path "x" { policy = "read" }' });
    expect(legacy).toMatchObject({ status: 200, body: { warnings: ["'rules' is deprecated, please use 'policy' instead"] } });
    expect((await root(vault, 'GET', 'sys/policy/old')).body.data).toEqual({ name: 'old', rules: 'path "x" { policy = "read" }' });
    const text = 'path "y" { capabilities = ["list"] }';
    expect((await put('sys/policies/acl/b64', { policy: Buffer.from(text).toString('base64') })).status).toBe(204);
    expect((await root(vault, 'GET', 'sys/policies/acl/b64')).body.data).toEqual({ name: 'b64', policy: text });
    const list = await root(vault, 'GET', 'sys/policy');
    expect(list.body.policies).toEqual(list.body.keys);
  });

  it('answers capabilities with Vault texts', async () => {
    expect((await put('sys/capabilities', { token: 'nope', paths: ['a'] })).body).toEqual({ errors: ['1 error occurred:\n\t* invalid token\n\n'] });
    expect((await put('sys/capabilities-self', {})).body).toEqual({ errors: ['paths must be supplied'] });
    const self = await put('sys/capabilities-self', { path: 'secret/x' });
    expect(self.body.data).toEqual({ 'secret/x': ['root'], capabilities: ['root'] });
  });
});

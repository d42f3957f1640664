import forge from 'node-forge';
import { parseConnection } from '../../../src/lib/vault/connection/parse';
import { errorOf } from '../../helpers/errors';

function selfSigned(): { certPem: string; keyPem: string } {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  cert.setSubject([{ name: 'commonName', value: 'test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test' }]);
  cert.sign(keys.privateKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}


describe('parseConnection', () => {
  it('accepts flat props (validate) and wrapped props (actions) alike, with defaults', () => {
    const props = { url: 'https://vault.example.com:8200/v1/', roleId: 'role-1', secretId: 'sid-1' };
    const flat = parseConnection(props);
    const wrapped = parseConnection({ type: 'CUSTOM_AUTH', props });
    expect(wrapped).toEqual(flat);
    expect(flat).toMatchObject({
      url: 'https://vault.example.com:8200',
      authMethod: 'appRole',
      login: { roleId: 'role-1', secretId: 'sid-1', appRolePath: 'approle' },
      tlsSkipVerify: false,
      kvVersion: undefined,
      cacheTtlSeconds: 3600,
      accessMode: 'read_and_write',
      allowedRedirectAddresses: [],
      requestTimeoutMs: 30_000,
      maxResponseBytes: 32 * 1024 * 1024,
      connectTimeoutMs: 10_000,
      maxRetries: 4,
      retryBudgetMs: 30_000,
    });
  });

  it('treats empty strings as unset and normalises namespace, mounts, prefix, redirects, kv version', () => {
    const c = parseConnection({
      url: 'http://127.0.0.1:8200',
      authMethod: 'userpass',
      username: 'alice',
      password: ' pass with spaces ',
      secretId: '',
      namespace: '/team/a/',
      userpassPath: '/auth/people/',
      pathPrefix: '/secret/team-a',
      allowedRedirectAddresses: 'https://vault-2:8200/, https://vault-3:8200\nhttps://vault-4:8200/v1',
      kvVersion: '2',
      cacheTtlSeconds: '0',
      maxRetries: 0,
    });
    expect(c.login).toEqual({ username: 'alice', password: ' pass with spaces ', userpassPath: 'people' });
    expect(c.namespace).toBe('team/a');
    expect(c.pathPrefix).toBe('secret/team-a/');
    expect(c.allowedRedirectAddresses).toEqual(['https://vault-2:8200', 'https://vault-3:8200', 'https://vault-4:8200']);
    expect(c.kvVersion).toBe(2);
    expect(c.cacheTtlSeconds).toBe(0);
    expect(c.maxRetries).toBe(0);
  });

  it('reads the response size limit in MiB', () => {
    expect(parseConnection({ url: 'https://vault:8200', roleId: 'r', maxResponseMegabytes: '2' }).maxResponseBytes).toBe(2 * 1024 * 1024);
  });

  it.each([
    [{ authMethod: 'appRole' }, '"Role ID" (roleId) is required for AppRole login. Fill it in under the heading "AppRole login".'],
    [{ authMethod: 'token' }, '"Token" (token) is required'],
    [{ authMethod: 'userpass', username: 'u' }, '"Password" (password) is required'],
    [{ authMethod: 'cert' }, '"Client Certificate (PEM)" (clientCertificate) is required for TLS certificate login. Fill it in under the heading "TLS".'],
    [{ authMethod: 'kubernetes' }, '"Kubernetes Role" (kubernetesRole) is required'],
    [{ authMethod: 'jwt', jwtRole: 'r' }, '"JWT" (jwt) is required'],
    [{ authMethod: 'ldap' }, '"Login Method" (authMethod) must be one of'],
    [{ roleId: 'r', maxRetries: 99 }, '"Max Retries" (maxRetries) must be at most 10'],
    [{ roleId: 'r', cacheTtlSeconds: 'lots' }, '"Cache TTL (seconds)" (cacheTtlSeconds) must be a number'],
    [{ roleId: 'r', maxResponseMegabytes: 0 }, '"Max Response Size (MiB)" (maxResponseMegabytes) must be at least 1'],
    [{ roleId: 'r', maxResponseMegabytes: 4096 }, '"Max Response Size (MiB)" (maxResponseMegabytes) must be at most 1024'],
    [{ roleId: 'r', pathPrefix: 'secret/../sys' }, '"Path Prefix" (pathPrefix) is not a valid Vault path'],
    [{ roleId: 'r', allowedRedirectAddresses: 'ftp://x' }, '"Allowed Redirect Addresses"'],
  ])('names the bad prop: %j', (props, words) => {
    const e = errorOf(() => parseConnection({ url: 'https://vault:8200', ...props }));
    expect(e.kind).toBe('invalid_config');
    expect(e.message).toContain(words);
  });

  it('reports a malformed address as invalid_address', () => {
    expect(errorOf(() => parseConnection({ url: 'vault:8200', roleId: 'r' })).kind).toBe('invalid_address');
    expect(errorOf(() => parseConnection({ roleId: 'r' })).message).toContain('"Vault Address" (url) is required');
  });

  it('checks PEMs and never echoes their content', () => {
    const { certPem, keyPem } = selfSigned();
    const ok = parseConnection({
      url: 'https://vault:8200',
      authMethod: 'cert',
      caCertificate: certPem.replace(/\n/g, '\\n'),
      clientCertificate: certPem,
      clientKey: keyPem,
    });
    expect(ok.caCertificate).toContain('-----BEGIN CERTIFICATE-----\n');
    const badKey = 'not-a-key-TOPSECRETVALUE';
    const e1 = errorOf(() => parseConnection({ url: 'https://vault:8200', authMethod: 'cert', clientCertificate: certPem, clientKey: badKey }));
    expect(e1.message).toContain('"Client Private Key (PEM)" (clientKey) does not look like a PEM private key');
    expect(e1.message).not.toContain('TOPSECRETVALUE');
    const e2 = errorOf(() => parseConnection({ url: 'https://vault:8200', roleId: 'r', caCertificate: 'hello' }));
    expect(e2.message).toContain('"CA Certificate (PEM)" (caCertificate) does not look like a PEM certificate');
    const e3 = errorOf(() => parseConnection({ url: 'https://vault:8200', roleId: 'r', clientCertificate: certPem }));
    expect(e3.message).toContain('"Client Private Key (PEM)" (clientKey) is required');
  });

  it('refuses a missing connection', () => {
    expect(errorOf(() => parseConnection(undefined)).message).toContain('No Vault connection');
  });
});

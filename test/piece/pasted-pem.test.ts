/**
 * The connection dialog shows CA and client certificates as multi-line fields, but the private key
 * is a masked one-line input, and older dialogs made every field one line: a browser then turns a
 * pasted PEM's line breaks into spaces. Every PEM field takes that one-line form (and literal `\n`,
 * and CRLF), through `validate` (flat props) and an action (wrapped props), over real mTLS.
 */
import { getSecret } from '../../src/lib/actions/get-secret';
import { hashicorpVault } from '../../src';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { closeSetup, enableKv, kvPut, READER_POLICY, root, startVault, writePolicy, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;
let tls: NonNullable<VaultDevServer['tls']>;

beforeAll(async () => {
  vault = await startVault({ tls: true, requireClientCert: true });
  tls = vault.tls!;
  await enableKv(vault, 'secret', 2);
  await kvPut(vault, 'secret', 'app/db', { password: 'pem-test-pass' });
  await writePolicy(vault, 'reader', READER_POLICY);
  await root(vault, 'POST', 'sys/auth/cert', { type: 'cert' });
  await root(vault, 'POST', 'auth/cert/certs/web', { certificate: tls.caPem, token_policies: ['reader'] });
});
afterAll(async () => {
  await closeAllVaultClients();
  await closeSetup(vault);
  await vault.stop();
});

const pasted = {
  'line breaks turned into spaces': (pem: string) => pem.trim().replace(/\r?\n/g, ' '),
  'literal \\n': (pem: string) => pem.trim().replace(/\r?\n/g, '\\n'),
  'CRLF line breaks': (pem: string) => pem.replace(/\r?\n/g, '\r\n'),
};

function certLogin(form: (pem: string) => string) {
  return {
    url: vault.url,
    authMethod: 'cert',
    certRole: 'web',
    caCertificate: form(tls.caPem),
    clientCertificate: form(tls.clientCertPem),
    clientKey: form(tls.clientKeyPem),
    maxRetries: 0,
  };
}

describe.each(Object.entries(pasted))('PEMs pasted with %s', (_, form) => {
  it('validate accepts the CA, the client certificate and the key', async () => {
    expect(form(tls.clientKeyPem)).not.toEqual(tls.clientKeyPem);
    const result = await hashicorpVault.auth!.validate!({ auth: certLogin(form) as any, server: { apiUrl: '', publicUrl: '' } } as any);
    expect(result).toEqual({ valid: true });
  });

  it('an action logs in with them over mTLS and reads the secret', async () => {
    const out = await runAction(getSecret, { ...certLogin(form), cacheTtlSeconds: 0 }, { path: 'secret/app/db' });
    expect(out.data).toEqual({ password: 'pem-test-pass' });
  });
});

it('a one-line PEM that lost part of its body is still refused, naming the field', async () => {
  const damaged = tls.caPem.trim().replace(/\r?\n/g, ' ').replace(/[A-Za-z0-9+/]{30} /, ' ');
  const result = await hashicorpVault.auth!.validate!({ auth: { ...certLogin((p) => p), caCertificate: damaged } as any, server: { apiUrl: '', publicUrl: '' } } as any);
  expect(result).toMatchObject({ valid: false, error: expect.stringContaining('"CA Certificate (PEM)" (caCertificate)') });
});

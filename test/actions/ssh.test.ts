/**
 * Issue 25, SSH certificates: sign_ssh_key run as the engine runs it, against the dev server's SSH
 * engine over HTTP. Each certificate is parsed here (test/helpers/ssh-certificate.ts: principals,
 * validity, type, key, CA signature) and, when the machine has it, read by `ssh-keygen -L`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { signSshKey } from '../../src/lib/actions/sign-ssh-key';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runFailing } from '../helpers/errors';
import { runAction } from '../helpers/engine';
import { authorizedKeyLine, hasSshKeygen, newEd25519Key, parseCertificate, sshKeygenList } from '../helpers/ssh-certificate';
import { root, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';

let vault: VaultDevServer;
const user = newEd25519Key();
const keygen = hasSshKeygen();

/** A CA key pair given to `config/ca` as PEM + OpenSSH line (what Vault 1.8 accepts besides its own RSA 4096). */
function caKeys(type: 'ed25519' | 'rsa'): { private_key: string; public_key: string } {
  const pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return { private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, public_key: authorizedKeyLine(pair.publicKey, 'ca') };
}

beforeAll(async () => {
  vault = await startVault();
  await root(vault, 'POST', 'sys/mounts/ssh', { type: 'ssh' });
  await root(vault, 'POST', 'ssh/config/ca', caKeys('ed25519'));
  await root(vault, 'POST', 'ssh/roles/ops', {
    key_type: 'ca',
    allow_user_certificates: true,
    allowed_users: 'alice,bob',
    default_extensions: { 'permit-pty': '' },
    ttl: '30m',
    max_ttl: '2h',
  });
  await root(vault, 'POST', 'ssh/roles/hosts', { key_type: 'ca', allow_host_certificates: true, allowed_domains: 'example.com', allow_subdomains: true });
  await root(vault, 'POST', 'sys/mounts/ssh-rsa', { type: 'ssh' });
  await root(vault, 'POST', 'ssh-rsa/config/ca', caKeys('rsa'));
  await root(vault, 'POST', 'ssh-rsa/roles/ops', { key_type: 'ca', allow_user_certificates: true, allowed_users: '*', algorithm_signer: 'rsa-sha2-256' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault?.stop();
});

describe('sign_ssh_key', () => {
  it('returns an OpenSSH user certificate for the key, the principals, the TTL and the role\'s extensions, signed by the CA', async () => {
    const out = await runAction(signSshKey, rootAuth(vault), { role: 'ops', publicKey: user.line, validPrincipals: 'bob, alice', ttl: '15m' });
    expect(Object.keys(out).sort()).toEqual(['serialNumber', 'signedKey']);
    const cert = parseCertificate(out.signedKey);
    expect(cert).toMatchObject({
      type: 'ssh-ed25519-cert-v01@openssh.com',
      keyBlob: user.line.split(' ')[1],
      certType: 'user',
      principals: ['alice', 'bob'],
      extensions: { 'permit-pty': '' },
      criticalOptions: {},
      caType: 'ssh-ed25519',
      signatureAlgorithm: 'ssh-ed25519',
      signatureValid: true,
    });
    // Valid from 30 s before signing (clock skew, as Vault does) for the 15 minutes asked.
    expect((cert.validBefore.getTime() - cert.validAfter.getTime()) / 1000).toBe(15 * 60 + 30);
    expect(cert.serial.toString(16)).toBe(out.serialNumber);
    expect(cert.keyId).toMatch(/^vault-token-[0-9a-f]{64}$/);
    if (keygen) {
      const listed = sshKeygenList(out.signedKey);
      expect(listed).toContain('Type: ssh-ed25519-cert-v01@openssh.com user certificate');
      expect(listed).toMatch(/Principals: \n\s+alice\n\s+bob\n/);
      expect(listed).toContain(`Serial: ${cert.serial}`);
    }
  });

  it('sends the key as "type base64" (Vault splits on one space): a tab or a comment with spaces still signs', async () => {
    const [type, data] = user.line.split(' ');
    const out = await runAction(signSshKey, rootAuth(vault), { role: 'ops', publicKey: `  ${type}\t${data}  my laptop key \n`, validPrincipals: 'alice' });
    expect(parseCertificate(out.signedKey).keyBlob).toBe(data);
  });

  it('signs a host certificate for a subdomain of the role\'s domain', async () => {
    const out = await runAction(signSshKey, rootAuth(vault), { role: 'hosts', publicKey: user.line, validPrincipals: 'web1.example.com', certType: 'host' });
    const cert = parseCertificate(out.signedKey);
    expect(cert).toMatchObject({ certType: 'host', principals: ['web1.example.com'], signatureValid: true });
    if (keygen) expect(sshKeygenList(out.signedKey)).toContain('host certificate');
  });

  it('signs with the role\'s RSA algorithm on an RSA CA (rsa-sha2-256, not SHA-1)', async () => {
    const out = await runAction(signSshKey, rootAuth(vault), { sshPath: 'ssh-rsa', role: 'ops', publicKey: user.line, validPrincipals: 'deploy' });
    const cert = parseCertificate(out.signedKey);
    expect(cert).toMatchObject({ caType: 'ssh-rsa', signatureAlgorithm: 'rsa-sha2-256', signatureValid: true, principals: ['deploy'] });
    if (keygen) expect(sshKeygenList(out.signedKey)).toContain('(using rsa-sha2-256)');
  });

  it('names the principal the role refuses', async () => {
    const err = await runFailing(signSshKey, rootAuth(vault), { role: 'ops', publicKey: user.line, validPrincipals: 'alice,carol' });
    expect(err.message).toContain('The SSH role "ops" refused to sign this key (400)');
    expect(err.message).toContain('carol is not a valid value for valid_principals');
    expect(err.message).toContain('POST /v1/ssh/sign/ops');
  });

  it('says what the role allows when the TTL is past its max', async () => {
    const err = await runFailing(signSshKey, rootAuth(vault), { role: 'ops', publicKey: user.line, validPrincipals: 'alice', ttl: '3h' });
    expect(err.message).toContain('ttl is larger than maximum allowed 7200');
  });

  it.each([[''], [' , '], [null]])('refuses no principal (%j) before any request: Vault would sign a certificate valid for anyone', async (validPrincipals) => {
    vault.clearRequests();
    const err = await runFailing(signSshKey, rootAuth(vault), { role: 'ops', publicKey: user.line, validPrincipals });
    expect(err.message).toContain('"validPrincipals": Valid principals is required');
    expect(err.message).toContain('valid for ANY user or host');
    expect(vault.requests).toEqual([]);
  });

  it('refuses a private key pasted as the public key without echoing it, before any request', async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    vault.clearRequests();
    const err = await runFailing(signSshKey, rootAuth(vault), { role: 'ops', publicKey: pem, validPrincipals: 'alice' });
    expect(err.message).toContain('it is a PRIVATE key');
    const body = pem.split('\n')[1];
    expect(err.message).not.toContain(body.slice(0, 20));
    expect(vault.requests).toEqual([]);
  });

  it.each([
    ['a certificate', () => `ssh-ed25519-cert-v01@openssh.com ${user.line.split(' ')[1]}`, 'it is a certificate'],
    ['no key type', () => user.line.split(' ')[1], 'does not start with a key type'],
    ['a damaged key', () => `ssh-rsa ${user.line.split(' ')[1]}`, 'does not match its type'],
    ['two lines', () => `${user.line}\n${user.line}`, 'more than one line'],
  ])('refuses %s as the public key', async (_what, key, problem) => {
    const err = await runFailing(signSshKey, rootAuth(vault), { role: 'ops', publicKey: key(), validPrincipals: 'alice' });
    expect(err.message).toContain(problem);
  });

  it('is refused on a read-only connection before any request (a certificate is a new credential)', async () => {
    vault.clearRequests();
    const err = await runFailing(signSshKey, rootAuth(vault, { accessMode: 'read_only' }), { role: 'ops', publicKey: user.line, validPrincipals: 'alice' });
    expect(err.message).toContain('this connection is read-only');
    expect(vault.requests).toEqual([]);
  });

  it('is not retried once sent (a retry would mint a second certificate)', async () => {
    vault.clearRequests();
    vault.inject({ method: 'POST', path: 'ssh/sign/ops', status: 502 });
    await runFailing(signSshKey, rootAuth(vault), { role: 'ops', publicKey: user.line, validPrincipals: 'alice' });
    expect(vault.count({ method: 'POST', path: 'ssh/sign/ops' })).toBe(1);
  });
});

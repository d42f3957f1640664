/**
 * The dev server's SSH engine against Vault 1.8's rules and texts (builtin/logical/ssh:
 * path_config_ca.go, path_roles.go, path_sign.go, path_fetch.go). Certificates are parsed and their
 * CA signature checked by test/helpers/ssh-certificate.ts, and read by `ssh-keygen -L` when present.
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { authorizedKeyLine, hasSshKeygen, newEd25519Key, parseCertificate, sshKeygenList } from '../helpers/ssh-certificate';
import { call, root } from './call';

let vault: VaultDevServer;
const user = newEd25519Key();
const wrapped = (m: string) => `1 error occurred:\n\t* ${m}\n\n`;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
const str = (b: Buffer | string) => {
  const bytes = typeof b === 'string' ? Buffer.from(b) : b;
  return Buffer.concat([u32(bytes.length), bytes]);
};

/** An unencrypted ed25519 key in `ssh-keygen`'s own format (PROTOCOL.key), built here so no ssh-keygen is needed. */
function openSshEd25519(): { pem: string; publicLine: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const pubBlob = Buffer.concat([str('ssh-ed25519'), str(pub)]);
  const check = randomBytes(4);
  let priv = Buffer.concat([check, check, str('ssh-ed25519'), str(pub), str(Buffer.concat([seed, pub])), str('ca@test')]);
  for (let i = 1; priv.length % 8 !== 0; i++) priv = Buffer.concat([priv, Buffer.from([i])]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), str('none'), str('none'), str(''), u32(1), str(pubBlob), str(priv)]);
  const lines = body.toString('base64').match(/.{1,70}/g)!.join('\n');
  return { pem: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines}\n-----END OPENSSH PRIVATE KEY-----\n`, publicLine: authorizedKeyLine(publicKey, 'ca@test') };
}

function pemCa(type: 'ed25519' | 'rsa' | 'ec') {
  const pair =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const format = type === 'rsa' ? 'pkcs1' : type === 'ec' ? 'sec1' : 'pkcs8';
  const publicLine = type === 'ec' ? '' : authorizedKeyLine(pair.publicKey, 'ca');
  return { private_key: pair.privateKey.export({ type: format, format: 'pem' }) as string, public_key: publicLine };
}

/** Mounts `path` with the given CA keys and roles. */
async function mountWith(path: string, ca: Record<string, unknown>, roles: Record<string, Record<string, unknown>>) {
  expect((await root(vault, 'POST', `sys/mounts/${path}`, { body: { type: 'ssh' } })).status).toBe(204);
  const res = await root(vault, 'POST', `${path}/config/ca`, { body: ca });
  expect(res.status).toBeLessThan(300);
  for (const [name, role] of Object.entries(roles)) expect((await root(vault, 'POST', `${path}/roles/${name}`, { body: { key_type: 'ca', ...role } })).status).toBe(204);
}

const sign = (path: string, body: Record<string, unknown>) => root(vault, 'POST', path, { body: { public_key: user.line, ...body } });

beforeAll(async () => {
  vault = await startVaultDevServer({ port: 0, rootToken: 'root' });
  await mountWith('ssh', pemCa('ed25519'), {
    users: { allow_user_certificates: true, allowed_users: 'alice,bob', default_user: 'alice', allowed_extensions: 'permit-pty', default_extensions: { 'permit-pty': '' } },
    anyone: { allow_user_certificates: true, allowed_users: '*' },
    nobody: { allow_user_certificates: true },
    hosts: { allow_host_certificates: true, allowed_domains: 'example.com', allow_subdomains: true },
    bare: { allow_host_certificates: true, allowed_domains: 'example.com', allow_bare_domains: true },
    capped: { allow_user_certificates: true, allowed_users: '*', max_ttl: '1h' },
    ids: { allow_user_certificates: true, allowed_users: '*', key_id_format: '{{role_name}}-{{token_display_name}}', allowed_critical_options: 'force-command' },
    rsaonly: { allow_user_certificates: true, allowed_users: '*', allowed_user_key_lengths: { rsa: 2048 } },
    sha2: { allow_user_certificates: true, allowed_users: '*', algorithm_signer: 'rsa-sha2-256' },
  });
});
afterAll(async () => {
  await vault?.stop();
});

describe('config/ca and public_key', () => {
  it('generates an RSA 4096 CA by default (Vault 1.8), serves its public key without a token, and never replaces it in place', async () => {
    await root(vault, 'POST', 'sys/mounts/gen', { body: { type: 'ssh' } });
    expect(await root(vault, 'GET', 'gen/config/ca')).toMatchObject({ status: 400, body: { errors: ["keys haven't been configured yet"] } });
    expect((await call(vault, 'GET', 'gen/public_key')).status).toBe(404);
    const made = await root(vault, 'POST', 'gen/config/ca', { body: {} });
    expect(made.status).toBe(200);
    const line: string = made.body.data.public_key;
    expect(line).toMatch(/^ssh-rsa [A-Za-z0-9+/]+=*\n$/);
    const key = createPublicKey({ key: { kty: 'RSA', ...rsaJwk(line) }, format: 'jwk' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
    const fetched = await call(vault, 'GET', 'gen/public_key');
    expect([fetched.status, fetched.text, fetched.headers['content-type']]).toEqual([200, line, 'text/plain']);
    expect((await root(vault, 'GET', 'gen/config/ca')).body.data.public_key).toBe(line);
    expect(await root(vault, 'POST', 'gen/config/ca', { body: pemCa('ed25519') })).toMatchObject({
      status: 400,
      body: { errors: ['keys are already configured; delete them before reconfiguring'] },
    });
    expect((await root(vault, 'DELETE', 'gen/config/ca')).status).toBe(204);
    expect((await root(vault, 'GET', 'gen/config/ca')).status).toBe(400);
  }, 30_000);

  it.each([
    ['generate_signing_key with a key', { generate_signing_key: true, public_key: 'x' }, 'public_key and private_key must not be set when generate_signing_key is set to true'],
    ['one key only', { public_key: 'x' }, 'only one of public_key and private_key set; both must be set to use, or both must be blank to auto-generate'],
    ['no keys, generation off', { generate_signing_key: false }, 'missing public_key'],
    ['no private key, generation off', { generate_signing_key: false, public_key: 'x' }, 'missing private_key'],
    ['a private key that is not PEM', { private_key: 'not a pem', public_key: 'x' }, 'Unable to parse private_key as an SSH private key: ssh: no key found'],
    ['a truncated public key', { private_key: pemCa('ed25519').private_key, public_key: 'ssh-ed25519 AAAA' }, 'Unable to parse public_key as an SSH public key: ssh: short read'],
  ])('refuses %s with Vault\'s text', async (_what, body, message) => {
    await root(vault, 'POST', 'sys/mounts/bad', { body: { type: 'ssh' } });
    expect(await root(vault, 'POST', 'bad/config/ca', { body })).toMatchObject({ status: 400, body: { errors: [message] } });
    await root(vault, 'DELETE', 'sys/mounts/bad');
  });

  it('takes a CA key in ssh-keygen\'s own format (OPENSSH PRIVATE KEY) and signs with it', async () => {
    const ca = openSshEd25519();
    await mountWith('openssh', { private_key: ca.pem, public_key: ca.publicLine }, { r: { allow_user_certificates: true, allowed_users: '*' } });
    const res = await sign('openssh/sign/r', { valid_principals: 'x' });
    const cert = parseCertificate(res.body.data.signed_key);
    expect(cert).toMatchObject({ caType: 'ssh-ed25519', signatureValid: true });
    if (hasSshKeygen()) expect(sshKeygenList(res.body.data.signed_key)).toContain('Signing CA: ED25519');
  });
});

function rsaJwk(line: string): { n: string; e: string } {
  const blob = Buffer.from(line.split(' ')[1], 'base64');
  let at = 0;
  const next = () => {
    const n = blob.readUInt32BE(at);
    const out = blob.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return out;
  };
  next();
  const e = next();
  const n = next();
  const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
  return { e: strip(e).toString('base64url'), n: strip(n).toString('base64url') };
}

describe('roles', () => {
  it.each([
    [{}, 400, 'missing key type'],
    [{ key_type: 'bogus' }, 400, 'invalid key type'],
    [{ key_type: 'ca' }, 400, "Either 'allow_user_certificates' or 'allow_host_certificates' must be set to 'true'"],
    [{ key_type: 'ca', allow_user_certificates: true, ttl: '2h', max_ttl: '1h' }, 400, '"ttl" value must be less than "max_ttl" when both are specified'],
    [{ key_type: 'ca', allow_user_certificates: true, algorithm_signer: 'sha1' }, 500, wrapped('unknown algorithm signer "sha1"')],
    [{ key_type: 'ca', allow_user_certificates: 'maybe' }, 400, 'error converting input maybe for field "allow_user_certificates": cannot parse \'\' as bool: strconv.ParseBool: parsing "maybe": invalid syntax'],
    [{ key_type: 'otp' }, 400, 'missing default user'],
  ])('refuses %j', async (body, status, message) => {
    expect(await root(vault, 'POST', 'ssh/roles/x', { body })).toMatchObject({ status, body: { errors: [message] } });
  });

  it('reads a CA role back as Vault 1.8 shows it, and lists roles with their key type', async () => {
    const read = await root(vault, 'GET', 'ssh/roles/capped');
    expect(read.body.data).toMatchObject({ key_type: 'ca', max_ttl: 3600, ttl: 0, allowed_users: '*', algorithm_signer: '', default_extensions: {}, key_bits: 0 });
    const list = await root(vault, 'LIST', 'ssh/roles');
    expect(list.body.data.key_info.capped).toEqual({ key_type: 'ca' });
    expect(list.body.data.keys).toContain('users');
    expect((await root(vault, 'GET', 'ssh/roles/none-here')).status).toBe(404);
  });
});

describe('sign', () => {
  it.each([
    ['ssh/sign/ghost', {}, 'Unknown role: ghost'],
    ['ssh/sign/users', { public_key: '' }, 'missing public_key'],
    ['ssh/sign/users', { public_key: 'ssh-ed25519 !!!!' }, 'failed to parse public_key as SSH key: illegal base64 data at input byte 0'],
    ['ssh/sign/users', { public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5' }, 'failed to parse public_key as SSH key: ssh: short read'],
    ['ssh/sign/hosts', { valid_principals: 'a.example.com' }, "cert_type 'user' is not allowed by role"],
    ['ssh/sign/users', { cert_type: 'host' }, "cert_type 'host' is not allowed by role"],
    ['ssh/sign/users', { cert_type: 'both' }, "cert_type must be either 'user' or 'host'"],
    ['ssh/sign/users', { key_id: 'mine' }, 'setting key_id is not allowed by role'],
    ['ssh/sign/users', { valid_principals: 'root' }, 'root is not a valid value for valid_principals'],
    ['ssh/sign/nobody', { valid_principals: 'alice' }, 'role is not configured to allow any principles'],
    ['ssh/sign/bare', { cert_type: 'host', valid_principals: 'a.example.com' }, 'a.example.com is not a valid value for valid_principals'],
    ['ssh/sign/hosts', { cert_type: 'host', valid_principals: 'example.com' }, 'example.com is not a valid value for valid_principals'],
    ['ssh/sign/users', { extensions: { 'permit-X11-forwarding': '', 'permit-agent-forwarding': '' } }, 'extensions [permit-X11-forwarding permit-agent-forwarding] are not on allowed list'],
    ['ssh/sign/ids', { critical_options: { 'source-address': '10.0.0.0/8' } }, 'critical options not on allowed list: [source-address]'],
    ['ssh/sign/capped', { ttl: '2h' }, 'ttl is larger than maximum allowed 3600'],
    ['ssh/sign/rsaonly', {}, 'public_key failed to meet the key requirements: key type of ed25519 is not allowed'],
  ])('%s %j: 400 %s', async (path, body, message) => {
    expect(await sign(path, body)).toMatchObject({ status: 400, body: { errors: [message] } });
  });

  it('signs for the default user when no principals are sent, sorted and deduplicated when they are', async () => {
    const byDefault = parseCertificate((await sign('ssh/sign/users', {})).body.data.signed_key);
    expect(byDefault.principals).toEqual(['alice']);
    const given = parseCertificate((await sign('ssh/sign/users', { valid_principals: 'bob, alice,bob,' })).body.data.signed_key);
    expect(given.principals).toEqual(['alice', 'bob']);
  });

  it('signs a certificate with NO principal (valid for anyone) when none is sent and the role has no default user, as Vault 1.8 does', async () => {
    const res = await sign('ssh/sign/anyone', {});
    expect(res.status).toBe(200);
    expect(parseCertificate(res.body.data.signed_key).principals).toEqual([]);
    // An empty valid_principals is "sent": the default user is not used then either.
    expect(parseCertificate((await sign('ssh/sign/users', { valid_principals: '' })).body.data.signed_key).principals).toEqual([]);
  });

  it('answers {serial_number, signed_key} with no lease, the serial in hex and the certificate as an authorized_keys line', async () => {
    const res = await sign('ssh/sign/users', { valid_principals: 'bob' });
    expect(res.body).toMatchObject({ lease_id: '', lease_duration: 0, renewable: false });
    expect(Object.keys(res.body.data).sort()).toEqual(['serial_number', 'signed_key']);
    expect(res.body.data.signed_key).toMatch(/^ssh-ed25519-cert-v01@openssh\.com [A-Za-z0-9+/]+=*\n$/);
    const cert = parseCertificate(res.body.data.signed_key);
    expect(cert.serial.toString(16)).toBe(res.body.data.serial_number);
    expect(cert.extensions).toEqual({ 'permit-pty': '' });
  });

  it('takes its TTL from the role, else the mount (768h), capped by the role\'s max when not asked for', async () => {
    const span = async (path: string, body: Record<string, unknown> = {}) => {
      const c = parseCertificate((await sign(path, body)).body.data.signed_key);
      return (c.validBefore.getTime() - c.validAfter.getTime()) / 1000 - 30;
    };
    expect(await span('ssh/sign/anyone', { valid_principals: 'a' })).toBe(768 * 3600);
    expect(await span('ssh/sign/capped', { valid_principals: 'a' })).toBe(3600);
    expect(await span('ssh/sign/capped', { valid_principals: 'a', ttl: 600 })).toBe(600);
  });

  it('formats the key id from the role, and keeps requested critical options on the allowed list', async () => {
    const cert = parseCertificate((await sign('ssh/sign/ids', { valid_principals: 'a', critical_options: { 'force-command': 'uptime' } })).body.data.signed_key);
    expect(cert.keyId).toBe('ids-token');
    expect(cert.criticalOptions).toEqual({ 'force-command': 'uptime' });
  });

  it('signs with ssh-rsa (SHA-1) on an RSA CA by default, as Vault 1.8 does, and with the role\'s rsa-sha2-256 when set', async () => {
    await mountWith('rsa', pemCa('rsa'), {
      plain: { allow_user_certificates: true, allowed_users: '*' },
      sha2: { allow_user_certificates: true, allowed_users: '*', algorithm_signer: 'rsa-sha2-512' },
    });
    const plain = parseCertificate((await sign('rsa/sign/plain', { valid_principals: 'a' })).body.data.signed_key);
    expect(plain).toMatchObject({ caType: 'ssh-rsa', signatureAlgorithm: 'ssh-rsa', signatureValid: true });
    const sha2 = parseCertificate((await sign('rsa/sign/sha2', { valid_principals: 'a' })).body.data.signed_key);
    expect(sha2).toMatchObject({ signatureAlgorithm: 'rsa-sha2-512', signatureValid: true });
  });

  it('signs with an ECDSA CA given as SEC1 PEM', async () => {
    const ec = pemCa('ec');
    const pub = createPublicKey(ec.private_key);
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url'), Buffer.from(pub.export({ format: 'jwk' }).y!, 'base64url')]);
    const line = `ecdsa-sha2-nistp256 ${Buffer.concat([str('ecdsa-sha2-nistp256'), str('nistp256'), str(point)]).toString('base64')}`;
    await mountWith('ec', { private_key: ec.private_key, public_key: line }, { r: { allow_user_certificates: true, allowed_users: '*' } });
    const res = await sign('ec/sign/r', { valid_principals: 'a' });
    expect(parseCertificate(res.body.data.signed_key)).toMatchObject({ caType: 'ecdsa-sha2-nistp256', signatureAlgorithm: 'ecdsa-sha2-nistp256', signatureValid: true });
    if (hasSshKeygen()) expect(sshKeygenList(res.body.data.signed_key)).toContain('Signing CA: ECDSA');
  });

  it('fails like Vault 1.8 (500) when the role names an RSA algorithm and the CA is not RSA', async () => {
    expect(await sign('ssh/sign/sha2', { valid_principals: 'a' })).toMatchObject({ status: 500, body: { errors: [wrapped('failed to generate signed SSH key: sign error')] } });
  });

  it('answers 500 "failed to read CA private key" on a mount with roles but no CA', async () => {
    await root(vault, 'POST', 'sys/mounts/noca', { body: { type: 'ssh' } });
    await root(vault, 'POST', 'noca/roles/r', { body: { key_type: 'ca', allow_user_certificates: true, allowed_users: '*' } });
    expect(await sign('noca/sign/r', { valid_principals: 'a' })).toMatchObject({ status: 500, body: { errors: [wrapped('failed to read CA private key')] } });
  });
});

describe('the test parser', () => {
  it('sees a damaged signature (so a wrong signature would fail these tests)', async () => {
    const line: string = (await sign('ssh/sign/users', { valid_principals: 'bob' })).body.data.signed_key;
    const [type, b64] = line.trim().split(' ');
    const blob = Buffer.from(b64, 'base64');
    blob[blob.length - 3] ^= 1;
    expect(parseCertificate(`${type} ${blob.toString('base64')}`).signatureValid).toBe(false);
    if (hasSshKeygen()) expect(() => sshKeygenList(`${type} ${blob.toString('base64')}\n`)).toThrow();
  });
});

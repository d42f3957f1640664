/**
 * The tarball Activepieces installs. Built once with the real pack script, extracted into
 * a temp folder with no node_modules anywhere above it, and loaded by a plain `node` process the
 * way the engine loads a piece (first export whose constructor is named `Piece`, wrapped auth in
 * actions and dropdowns, flat props in validate).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVaultDevServer } from '../../dev/server';
import { packPiece } from '../../scripts/pack';
import { hashicorpVault } from '../../src';
import { createAppRole, kvPut, rootRequest, writePolicy } from '../helpers/vault-setup';
import { runProbe } from '../../scripts/run-probe';

type DevServer = Awaited<ReturnType<typeof startVaultDevServer>>;

const POLICY = `
path "secret/data/bundle/*" { capabilities = ["create", "read", "update", "patch"] }
path "secret/metadata/bundle/*" { capabilities = ["read", "list"] }
path "sys/internal/ui/mounts/*" { capabilities = ["read"] }
path "transit/keys/*" { capabilities = ["read", "list"] }
`;

let work: string;
let tarball: string;
let vault: DevServer;
let auth: Record<string, unknown>;

function extractCopy(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package/src/index.js');
}

/** The engine probe under the current node, or PROBE_NODE (e.g. 24, what current engines use). */
function probe(input: Record<string, unknown>): Promise<any> {
  return runProbe({ cwd: work, script: 'engine-probe.js', input, node: process.env.PROBE_NODE });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vault-bundle-test-'));
  ({ tarball } = await packPiece(join(work, 'dist')));
  copyFileSync(join(__dirname, 'fixtures/engine-probe.js'), join(work, 'engine-probe.js'));

  vault = await startVaultDevServer({ port: 0 });
  await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
  await rootRequest(vault, 'POST', 'transit/keys/orders', {});
  await writePolicy(vault, 'bundle', POLICY);
  const { roleId, secretId } = await createAppRole(vault, { role: 'bundle', policies: ['bundle'] });
  auth = { url: vault.url, authMethod: 'appRole', roleId, secretId };
}, 60_000);

afterAll(async () => {
  await vault?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the installable tarball', () => {
  it('holds exactly package.json, one bundle, the README, the logo and the translations', () => {
    expect(readdirSync(join(work, 'dist')).filter((f) => f.endsWith('.tgz'))).toHaveLength(1);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    // src/i18n/*.json: checked in test/i18n/platform-load.test.ts.
    const other = files.filter((f) => !f.startsWith('package/src/i18n/'));
    expect(other).toEqual(['package/README.md', 'package/assets/logo.png', 'package/assets/logo.svg', 'package/package.json', 'package/src/index.js']);
    expect(files.filter((f) => f.startsWith('package/src/i18n/')).every((f) => f.endsWith('.json'))).toBe(true);
  });

  it('declares the bundle as main and no dependencies, and stays under the 3 MB warning', () => {
    const main = extractCopy('manifest');
    const pkg = JSON.parse(readFileSync(join(work, 'manifest/package/package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@activepieces/piece-hashicorp-vault', main: './src/index.js', dependencies: {} });
    expect(typeof pkg.version).toBe('string');
    expect(statSync(main).size).toBeLessThan(3 * 1024 * 1024);
  });
});

describe('the bundle, loaded like the engine loads it', () => {
  let out: any;
  const value = `bundle-pw-${Date.now()}`;

  beforeAll(async () => {
    out = await probe({ scenario: 'single', bundles: [extractCopy('single')], auth, wrongSecretId: 'not-the-secret-id-7f3a91', value });
  });

  it('is self-contained: the piece is found and nothing outside the bundle is resolvable', () => {
    expect(out.crashed).toBeUndefined();
    expect(out.canResolveZod).toBe(false);
    expect(out.exportName).toBe('hashicorpVault');
    expect(out.metadata).toMatchObject({ displayName: 'HashiCorp Vault: KV, PKI & Transit', authType: 'CUSTOM_AUTH', minimumSupportedRelease: '0.82.0' });
    expect(out.metadata.actions).toEqual(expect.arrayContaining(['read_secret', 'write_secret', 'clear_cache', 'resolve_references']));
    expect(out.metadata.triggers).toEqual(expect.arrayContaining(['secret_updated', 'new_secret']));
    expect(out.metadata.authProps).toEqual(expect.arrayContaining(['url', 'authMethod', 'roleId', 'secretId']));
  });

  it('publishes exactly the source piece\'s auth props, actions, triggers and their prop names', () => {
    const md = hashicorpVault.metadata();
    const propNames = (items: Record<string, { props: Record<string, unknown> }>) =>
      Object.fromEntries(Object.entries(items).map(([k, v]) => [k, Object.keys(v.props).sort()]));
    expect(out.metadata.authProps).toEqual(Object.keys((md.auth as { props: Record<string, unknown> }).props));
    expect(out.metadata.actions).toEqual(Object.keys(md.actions));
    expect(out.metadata.triggers).toEqual(Object.keys(md.triggers));
    expect(out.metadata.actionProps).toEqual(propNames(md.actions));
    expect(out.metadata.triggerProps).toEqual(propNames(md.triggers));
    // The published contract: never rename these.
    const published: Record<string, string> = {
      read_secret: 'reference,version',
      get_secret: 'path,version',
      write_secret: 'cas,data,mode,path',
      list_secrets: 'limit,path,recursive',
      delete_secret: 'mode,path,versions',
      get_secret_metadata: 'path',
      clear_cache: 'path',
      transit_encrypt: 'key,plaintext,transitPath',
      transit_decrypt: 'ciphertext,key,transitPath',
      list_transit_keys: 'transitPath',
      create_token: 'numUses,policies,renewable,ttl',
      lookup_token: 'accessor',
      revoke_token: 'accessor',
      create_temporary_user: 'password,policies,ttl,username,userpassPath',
      delete_user: 'username,userpassPath',
      write_policy: 'name,policy',
      read_policy: 'name',
      delete_policy: 'name',
      custom_api_call: 'body,method,path,query',
      resolve_references: 'onError,value',
      issue_certificate: 'altNames,commonName,format,ipSans,pkiPath,privateKeyFormat,role,ttl',
      sign_certificate: 'altNames,commonName,csr,pkiPath,role,ttl',
      revoke_certificate: 'pkiPath,serialNumber',
      list_certificates: 'expiringWithinDays,pkiPath',
      read_dynamic_secret: 'path',
      renew_lease: 'increment,leaseId',
      revoke_lease: 'leaseId',
      lookup_lease: 'leaseId',
      sign_ssh_key: 'certType,publicKey,role,sshPath,ttl,validPrincipals',
      read_secrets_under_path: 'maxSecrets,path',
      restore_secret_version: 'path,version',
      // transit_verify's hashAlgorithm: the algorithm the signature or HMAC was made with
      transit_sign: 'hashAlgorithm,input,inputEncoding,key,transitPath',
      transit_verify: 'hashAlgorithm,hmac,input,inputEncoding,key,signature,transitPath',
      transit_hmac: 'algorithm,input,inputEncoding,key,transitPath',
      generate_data_key: 'bits,key,plaintext,transitPath',
      create_totp_key: 'accountName,generate,issuer,name,totpPath,url',
      generate_totp_code: 'name,totpPath',
      validate_totp_code: 'code,name,totpPath',
      send_http_request: 'body,bodyType,failOnHttpError,headers,method,queryParams,timeoutSeconds,url',
      wrap_secret: 'path,version,wrapTtl',
      wrap_data: 'data,wrapTtl',
      unwrap: 'wrappingToken',
      lookup_wrapping_token: 'wrappingToken',
    };
    expect(Object.fromEntries(Object.entries(out.metadata.actionProps as Record<string, string[]>).map(([k, v]) => [k, v.join(',')]))).toEqual(published);
    expect(out.metadata.triggerProps).toEqual({
      secret_updated: ['includeDeletions', 'includeValues', 'path'],
      new_secret: ['folder'],
      certificate_expiring: ['pkiPath', 'withinDays'],
    });
  });

  it('validates flat props, and rejects a wrong secret_id without echoing it', () => {
    expect(out.validate).toEqual({ ok: { valid: true } });
    expect(out.validateWrong.ok.valid).toBe(false);
    expect(out.validateWrong.ok.error).not.toContain('not-the-secret-id-7f3a91');
  });

  it('lists dropdown options with wrapped auth', () => {
    expect(out.dropdown.error).toBeUndefined();
    expect(out.dropdown.ok.options.map((o: { value: string }) => o.value)).toContain('orders');
  });

  it('writes, reads back and clears the cache through the actions', () => {
    expect(out.write.error).toBeUndefined();
    expect(out.read).toEqual({ ok: expect.objectContaining({ value, key: 'password' }) });
    expect(out.clear.error).toBeUndefined();
    expect(out.clear.ok.cleared).toBeGreaterThanOrEqual(1);
  });
});

describe('the bundle with a store the engine cannot reach', () => {
  it('still writes, reads and clears; the store is a hint, never the step\'s failure', async () => {
    const value = `store-down-${Date.now()}`;
    const out = await probe({ scenario: 'failing-store', bundles: [extractCopy('store')], auth, value });
    expect(out.crashed).toBeUndefined();
    for (const how of ['throw', 'hang']) {
      expect(out[how].write.error).toBeUndefined();
      expect(out[how].read).toEqual({ ok: expect.objectContaining({ value }) });
      expect(out[how].clear.ok).toMatchObject({ otherWorkersNotified: false });
    }
    expect(out.warnings.length).toBeGreaterThan(0);
    expect(out.warnings.every((w: string) => w.startsWith('HashiCorp Vault: the cache marker'))).toBe(true);
    expect(out.warnings.join('\n')).not.toContain(value);
  });
});

describe('two copies of the bundle side by side', () => {
  it('keep separate caches: clearing one does not refresh the other', async () => {
    await kvPut(vault, 'secret', 'bundle/rot', { key: 'v1' });
    vault.clearRequests();
    const out = await probe({
      scenario: 'two-copies',
      bundles: [extractCopy('copy-a'), extractCopy('copy-b')],
      auth,
      vaultUrl: vault.url,
      rootToken: vault.rootToken,
    });
    expect(out.samePieceObject).toBe(false);
    expect([out.a1, out.b1]).toEqual(['v1', 'v1']);
    // B's first read went to Vault (A's cache is not B's), and A's clear left B's copy cached.
    expect([out.a2, out.b2]).toEqual(['v2', 'v1']);
    expect(vault.count({ method: 'GET', path: /^secret\/data\/bundle\/rot$/ })).toBe(3);
  });
});

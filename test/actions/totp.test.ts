/**
 * create_totp_key, generate_totp_code and validate_totp_code run like the engine runs them, against
 * the dev server: codes computed in the test from the seed of the URL (RFC 6238), the QR code
 * written as a PNG through `context.files.write`, each action also run with only its README policy.
 */
import { createTotpKey } from '../../src/lib/actions/create-totp-key';
import { generateTotpCode } from '../../src/lib/actions/generate-totp-code';
import { validateTotpCode } from '../../src/lib/actions/validate-totp-code';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { runAction } from '../helpers/engine';
import { runFailing } from '../helpers/errors';
import { readmePolicies } from '../helpers/readme-policies';
import { base32Encode, specOfUrl, totpAt, totpCodesBetween, type TotpSpec } from '../helpers/totp';
import { createToken, root, rootAuth, startVault, tokenAuth, type VaultDevServer, writePolicy } from '../helpers/vault-setup';

const SEED = base32Encode(Buffer.from('an imported TOTP seed!'));
const IMPORT_URL = `otpauth://totp/ACME:bob@example.com?secret=${SEED}&issuer=ACME&algorithm=SHA256&digits=8&period=60`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let vault: VaultDevServer;
beforeAll(async () => {
  vault = await startVault();
  await root(vault, 'POST', 'sys/mounts/totp', { type: 'totp' });
  await root(vault, 'POST', 'sys/mounts/mfa/team', { type: 'totp' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

const nowSec = () => Math.floor(vault.now / 1000);
/** Moves the server clock off the last 5 s of a period, so a code computed here is the one the server sees. */
function awayFromPeriodEdge(period: number) {
  if (nowSec() % period >= period - 5) vault.advanceTime(10);
}

/** A files service that keeps what it was given, as the engine's would store it. */
function fileStore() {
  const written: Array<{ fileName: string; data: Buffer }> = [];
  return {
    written,
    files: {
      async write(file: { fileName: string; data: Buffer }) {
        written.push(file);
        return `https://files.example.com/${written.length}/${file.fileName}`;
      },
    },
  };
}

describe('create_totp_key', () => {
  it('generates a key: URL and QR code, the QR code written as a PNG file whose link is in the output; its codes validate', async () => {
    const { written, files } = fileStore();
    const out = await runAction(createTotpKey, rootAuth(vault), { name: 'alice@example.com', generate: true, issuer: 'ACME', accountName: 'alice@example.com' }, { files });
    expect(out.url).toMatch(/^otpauth:\/\/totp\/ACME:alice@example\.com\?/);
    expect(written).toHaveLength(1);
    const png = written[0].data;
    expect(written[0].fileName).toBe('totp-alice@example.com.png');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.readUInt32BE(8)).toBe(13);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThan(0);
    expect(png.readUInt32BE(16)).toBe(png.readUInt32BE(20));
    expect(out.barcode).toBe(png.toString('base64'));
    expect(out.barcodeFile).toBe('https://files.example.com/1/totp-alice@example.com.png');

    const spec = specOfUrl(out.url);
    awayFromPeriodEdge(30);
    const code = totpAt(spec, nowSec());
    expect(await runAction(validateTotpCode, rootAuth(vault), { name: 'alice@example.com', code })).toEqual({ valid: true });
  });

  it('imports a key from a URL (the seed given, SHA256, 8 digits, 60 s): the codes Vault makes are the test\'s', async () => {
    expect(await runAction(createTotpKey, rootAuth(vault), { name: 'bob', url: IMPORT_URL })).toEqual({ name: 'bob', imported: true });
    const spec: TotpSpec = { seed: SEED, algorithm: 'SHA256', digits: 8, period: 60 };
    const before = nowSec();
    const { code } = await runAction(generateTotpCode, rootAuth(vault), { name: 'bob' });
    expect(code).toMatch(/^\d{8}$/);
    expect(totpCodesBetween(spec, before, nowSec())).toContain(code);
  });

  it('works on a multi-segment mount', async () => {
    await runAction(createTotpKey, rootAuth(vault), { name: 'carol', url: IMPORT_URL, totpPath: '/mfa/team/' });
    expect((await runAction(generateTotpCode, rootAuth(vault), { name: 'carol', totpPath: 'mfa/team' })).code).toMatch(/^\d{8}$/);
  });

  it.each([
    [{ name: 'x', generate: true, url: IMPORT_URL, issuer: 'I', accountName: 'a' }, /not both/],
    [{ name: 'x' }, /Turn on "Generate"/],
    [{ name: 'x', generate: true, issuer: 'I' }, /"Issuer" and "Account name" are required/],
    [{ name: 'x', url: 'https://example.com/?secret=ABCDEFGH' }, /"url": URL must be an otpauth:\/\/ URL/],
    [{ name: 'bad name!', url: IMPORT_URL }, /"name": Key name may hold only/],
    [{ name: '../sys', url: IMPORT_URL }, /"name"/],
  ])('refuses %j before any request, naming what is wrong', async (props, message) => {
    vault.clearRequests();
    const err = await runFailing(createTotpKey, rootAuth(vault), props);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(SEED);
    expect(vault.requests).toEqual([]);
  });

  it('a URL whose seed is not base32 fails with Vault\'s reason and without the URL', async () => {
    const err = await runFailing(createTotpKey, rootAuth(vault), { name: 'broken', url: 'otpauth://totp/A:b?secret=NOT-BASE32-SEED' });
    expect(err.message).toMatch(/invalid key value/);
    expect(err.message).not.toContain('NOT-BASE32-SEED');
  });

  it('generating is refused on read-only and write-only connections before any request; importing is a write', async () => {
    const generate = { name: 'm', generate: true, issuer: 'I', accountName: 'a' };
    for (const accessMode of ['read_only', 'write_only']) {
      vault.clearRequests();
      const err = await runFailing(createTotpKey, rootAuth(vault, { accessMode }), generate);
      expect((err as { kind?: string }).kind).toBe('access_denied_by_connection');
      expect(vault.requests).toEqual([]);
    }
    expect(await runAction(createTotpKey, rootAuth(vault, { accessMode: 'write_only' }), { name: 'w', url: IMPORT_URL })).toEqual({ name: 'w', imported: true });
    vault.clearRequests();
    expect(((await runFailing(createTotpKey, rootAuth(vault, { accessMode: 'read_only' }), { name: 'w', url: IMPORT_URL })) as { kind?: string }).kind).toBe(
      'access_denied_by_connection',
    );
    expect(vault.requests).toEqual([]);
  });
});

describe('validate_totp_code', () => {
  const spec: TotpSpec = { seed: SEED, algorithm: 'SHA256', digits: 8, period: 60 };
  beforeAll(async () => {
    await runAction(createTotpKey, rootAuth(vault), { name: 'dave', url: IMPORT_URL });
  });

  it('a right code is valid once; the same code again is valid: false, already used, not an error', async () => {
    awayFromPeriodEdge(60);
    const code = totpAt(spec, nowSec());
    expect(await runAction(validateTotpCode, rootAuth(vault), { name: 'dave', code })).toEqual({ valid: true });
    expect(await runAction(validateTotpCode, rootAuth(vault), { name: 'dave', code: ` ${code.slice(0, 4)} ${code.slice(4)} ` })).toEqual({
      valid: false,
      alreadyUsed: true,
      reason: 'the code was already used; wait for the next one',
    });
  });

  it('a reused code that is a word of Vault\'s answer is still "already used"', async () => {
    expect((await runAction(validateTotpCode, rootAuth(vault), { name: 'dave', code: 'used' })).valid).toBe(false);
    expect(await runAction(validateTotpCode, rootAuth(vault), { name: 'dave', code: 'used' })).toMatchObject({ valid: false, alreadyUsed: true });
  });

  it('a wrong code, or one of the wrong length, is valid: false', async () => {
    awayFromPeriodEdge(60);
    const right = totpAt(spec, nowSec());
    const wrong = String((Number(right) + 50_000_000) % 100_000_000).padStart(8, '0');
    expect(await runAction(validateTotpCode, rootAuth(vault), { name: 'dave', code: wrong })).toEqual({ valid: false, reason: 'the code does not match the key at this time' });
    expect((await runAction(validateTotpCode, rootAuth(vault), { name: 'dave', code: '123456' })).valid).toBe(false);
  });

  it('an unknown key is an error naming it', async () => {
    const err = await runFailing(validateTotpCode, rootAuth(vault), { name: 'nobody', code: '123456' });
    expect(err.message).toMatch(/No TOTP key "nobody" at "totp\/"/);
    expect((await runFailing(generateTotpCode, rootAuth(vault), { name: 'nobody' })).message).toMatch(/No TOTP key "nobody"/);
  });

  it('is allowed on every access mode; generating a code is a read (refused on write-only before any request)', async () => {
    for (const accessMode of ['read_only', 'write_only']) {
      expect(typeof (await runAction(validateTotpCode, rootAuth(vault, { accessMode }), { name: 'dave', code: '00000000' })).valid).toBe('boolean');
    }
    vault.clearRequests();
    const err = await runFailing(generateTotpCode, rootAuth(vault, { accessMode: 'write_only' }), { name: 'dave' });
    expect((err as { kind?: string }).kind).toBe('access_denied_by_connection');
    expect(vault.requests).toEqual([]);
  });
});

describe('each TOTP action with only the policy the README gives it', () => {
  it('create_totp_key, generate_totp_code, validate_totp_code', async () => {
    const tokenFor = async (action: string) => {
      await writePolicy(vault, `readme-${action}`, readmePolicies(action, { name: 'erin' }).join('\n'));
      return tokenAuth(vault, await createToken(vault, { policies: [`readme-${action}`] }));
    };
    const creator = await tokenFor('create_totp_key');
    expect(await runAction(createTotpKey, creator, { name: 'erin', url: IMPORT_URL })).toEqual({ name: 'erin', imported: true });
    const reader = await tokenFor('generate_totp_code');
    const { code } = await runAction(generateTotpCode, reader, { name: 'erin' });
    expect((await runFailing(validateTotpCode, reader, { name: 'erin', code })).message).toMatch(/403|permission/i);
    const checker = await tokenFor('validate_totp_code');
    expect(typeof (await runAction(validateTotpCode, checker, { name: 'erin', code })).valid).toBe('boolean');
    expect((await runFailing(generateTotpCode, checker, { name: 'erin' })).message).toMatch(/403|permission/i);
  });
});

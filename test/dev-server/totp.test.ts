/** The dev server's TOTP engine against Vault 1.8's builtin/logical/totp: answers, texts, the used-code window. */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { base32Encode, specOfUrl, totpAt, totpCodesBetween } from '../helpers/totp';
import { root } from './call';

const RFC_SEED = base32Encode(Buffer.from('12345678901234567890')); // RFC 6238 appendix B, SHA1

let vault: VaultDevServer;
beforeAll(async () => {
  vault = await startVaultDevServer({ rootToken: 'root' });
  await root(vault, 'POST', 'sys/mounts/totp', { body: { type: 'totp' } });
});
afterAll(() => vault.stop());

const nowSec = () => Math.floor(vault.now / 1000);
/** Moves the server clock off the last 5 s of a `period`, so a code computed here is the one the server sees. */
const awayFromPeriodEdge = (period = 30) => {
  if (nowSec() % period >= period - 5) vault.advanceTime(10);
};

describe('the test\'s own RFC 6238', () => {
  it('gives the RFC\'s test vectors', () => {
    expect(totpAt({ seed: RFC_SEED, digits: 8 }, 59)).toBe('94287082');
    expect(totpAt({ seed: RFC_SEED, digits: 8 }, 1111111109)).toBe('07081804');
    expect(totpAt({ seed: RFC_SEED, digits: 8 }, 20000000000)).toBe('65353130');
  });
});

describe('totp keys', () => {
  it('generates a key: an otpauth URL as pquerna/otp writes it and a PNG QR code', async () => {
    const res = await root(vault, 'POST', 'totp/keys/alice@example.com', { body: { generate: true, issuer: 'ACME Co', account_name: 'alice@example.com' } });
    expect(res.status).toBe(200);
    const { url, barcode } = res.body.data;
    expect(url).toMatch(/^otpauth:\/\/totp\/ACME%20Co:alice@example\.com\?algorithm=SHA1&digits=6&issuer=ACME\+Co&period=30&secret=[A-Z2-7]{32}$/);
    const png = Buffer.from(barcode, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([200, 200]);
    const read = await root(vault, 'GET', 'totp/keys/alice@example.com');
    expect(read.body.data).toEqual({ account_name: 'alice@example.com', algorithm: 'SHA1', digits: 6, issuer: 'ACME Co', period: 30 });
  });

  it('honours exported=false and qr_size=0', async () => {
    expect((await root(vault, 'POST', 'totp/keys/hidden', { body: { generate: true, issuer: 'I', account_name: 'a', exported: false } })).status).toBe(204);
    const noQr = await root(vault, 'POST', 'totp/keys/noqr', { body: { generate: true, issuer: 'I', account_name: 'a', qr_size: 0 } });
    expect(Object.keys(noQr.body.data)).toEqual(['url']);
  });

  it('imports a URL: issuer, account, period, digits and algorithm from it, lowercase and unpadded seeds forgiven', async () => {
    const url = `otpauth://totp/Example:bob?secret=${RFC_SEED.toLowerCase()}&issuer=Example&period=60&digits=8&algorithm=SHA256`;
    expect((await root(vault, 'POST', 'totp/keys/bob', { body: { url } })).status).toBe(204);
    expect((await root(vault, 'GET', 'totp/keys/bob')).body.data).toEqual({ account_name: 'bob', algorithm: 'SHA256', digits: 8, issuer: 'Example', period: 60 });
    const before = nowSec();
    const code = (await root(vault, 'GET', 'totp/code/bob')).body.data.code;
    expect(totpCodesBetween({ seed: RFC_SEED, period: 60, digits: 8, algorithm: 'SHA256' }, before, nowSec())).toContain(code);
  });

  it.each([
    [{ generate: true, key: 'ABCD' }, 'a key should not be passed if generate is true'],
    [{ generate: true, url: 'otpauth://totp/x?secret=ABCD' }, 'a url should not be passed if generate is true'],
    [{ key: RFC_SEED, digits: 7 }, 'the digits value can only be 6 or 8'],
    [{ key: RFC_SEED, algorithm: 'MD5' }, 'the algorithm value is not valid'],
    [{ key: RFC_SEED, period: 0 }, 'the period value must be greater than zero'],
    [{ key: RFC_SEED, skew: 2 }, 'the skew value must be 0 or 1'],
    [{ generate: true, issuer: 'I', account_name: 'a', qr_size: -1 }, 'the qr_size value must be greater than or equal to zero'],
    [{ generate: true, issuer: 'I', account_name: 'a', key_size: 0 }, 'the key_size value must be greater than zero'],
    [{ generate: true, issuer: 'I' }, 'the account_name value is required for generated keys'],
    [{ generate: true, account_name: 'a' }, 'the issuer value is required for generated keys'],
    [{}, 'the key value is required'],
    [{ key: 'ABC' }, 'invalid key value: illegal base32 data at input byte 3'],
    [{ key: 'AB!CDEFG' }, 'invalid key value: illegal base32 data at input byte 2'],
    [{ url: 'otpauth://totp/x?secret=ABCDEFGH&period=ten' }, 'an error occurred while parsing period value in url'],
    [{ url: 'otpauth://totp/%zz?secret=ABCDEFGH' }, 'an error occurred while parsing url string'],
    [{ generate: true, issuer: 'I', account_name: 'a', qr_size: 10 }, 'an error occurred while generating a QR code image'],
  ])('refuses %j with Vault\'s text', async (body, text) => {
    const res = await root(vault, 'POST', 'totp/keys/refused', { body });
    expect([res.status, res.body.errors]).toEqual([400, [text]]);
    expect((await root(vault, 'GET', 'totp/keys/refused')).status).toBe(404);
  });

  it('lists and deletes keys; names outside Vault\'s pattern are unsupported paths', async () => {
    await root(vault, 'POST', 'totp/keys/listed', { body: { key: RFC_SEED } });
    expect((await root(vault, 'LIST', 'totp/keys')).body.data.keys).toContain('listed');
    expect((await root(vault, 'DELETE', 'totp/keys/listed')).status).toBe(204);
    expect((await root(vault, 'GET', 'totp/keys/listed')).status).toBe(404);
    expect((await root(vault, 'GET', 'totp/code/-bad-')).status).toBe(404);
  });
});

describe('totp codes', () => {
  it('validates a code once: a second check within period x (2 + skew) is 400 "code already used", then it may be checked again', async () => {
    await root(vault, 'POST', 'totp/keys/once', { body: { key: RFC_SEED } });
    const code = totpAt({ seed: RFC_SEED }, nowSec());
    expect((await root(vault, 'POST', 'totp/code/once', { body: { code } })).body.data).toEqual({ valid: true });
    const again = await root(vault, 'POST', 'totp/code/once', { body: { code } });
    expect([again.status, again.body.errors]).toEqual([400, ['code already used; wait until the next time period']]);
    vault.advanceTime(60);
    expect((await root(vault, 'POST', 'totp/code/once', { body: { code } })).status).toBe(400);
    vault.advanceTime(31);
    // 91 s later the code is remembered no more, and too old to be valid
    expect((await root(vault, 'POST', 'totp/code/once', { body: { code } })).body.data).toEqual({ valid: false });
  });

  it('accepts the previous period\'s code with skew 1, not with skew 0', async () => {
    await root(vault, 'POST', 'totp/keys/skew1', { body: { key: RFC_SEED, skew: 1 } });
    await root(vault, 'POST', 'totp/keys/skew0', { body: { key: RFC_SEED, skew: 0 } });
    awayFromPeriodEdge();
    const previous = totpAt({ seed: RFC_SEED }, nowSec() - 30);
    const current = totpAt({ seed: RFC_SEED }, nowSec());
    if (previous === current) return; // the same digits twice in a row: nothing to tell apart
    expect((await root(vault, 'POST', 'totp/code/skew1', { body: { code: previous } })).body.data.valid).toBe(true);
    expect((await root(vault, 'POST', 'totp/code/skew0', { body: { code: previous } })).body.data.valid).toBe(false);
    expect((await root(vault, 'POST', 'totp/code/skew0', { body: { code: current } })).body.data.valid).toBe(true);
  });

  it('a wrong or wrong-length code is valid: false; no code, or an unknown key, is 400', async () => {
    await root(vault, 'POST', 'totp/keys/wrong', { body: { key: RFC_SEED } });
    awayFromPeriodEdge();
    const right = totpAt({ seed: RFC_SEED }, nowSec());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    expect((await root(vault, 'POST', 'totp/code/wrong', { body: { code: wrong } })).body.data).toEqual({ valid: false });
    expect((await root(vault, 'POST', 'totp/code/wrong', { body: { code: '12' } })).body.data).toEqual({ valid: false });
    expect((await root(vault, 'POST', 'totp/code/wrong', { body: {} })).body.errors).toEqual(['the code value is required']);
    expect((await root(vault, 'POST', 'totp/code/nobody', { body: { code: '123456' } })).body.errors).toEqual(['unknown key: nobody']);
    expect((await root(vault, 'GET', 'totp/code/nobody')).body.errors).toEqual(['unknown key: nobody']);
  });

  it('a generated key\'s codes follow its URL\'s seed', async () => {
    const gen = await root(vault, 'POST', 'totp/keys/gen', { body: { generate: true, issuer: 'I', account_name: 'a', algorithm: 'SHA512', digits: 8 } });
    const spec = specOfUrl(gen.body.data.url);
    expect([spec.algorithm, spec.digits, spec.issuer, spec.label]).toEqual(['SHA512', 8, 'I', 'I:a']);
    const before = nowSec();
    const code = (await root(vault, 'GET', 'totp/code/gen')).body.data.code;
    expect(totpCodesBetween(spec, before, nowSec())).toContain(code);
  });
});

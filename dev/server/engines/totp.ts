/**
 * The TOTP secrets engine at any mount, as Vault 1.8's builtin/logical/totp: keys generated (with
 * their `otpauth://` URL and QR code) or imported from a seed or a URL (path_keys.go), codes
 * generated and validated (path_code.go), each validated code remembered for period x (2 + skew)
 * seconds so it cannot be used twice. Checks in Vault's order, with its texts.
 */
import { randomBytes } from 'node:crypto';
import type { Backend, Ctx } from '../types';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { readFields } from '../util/field-schema';
import { base32NoPadding, seedBytes, totpCode, totpValid, type TotpAlgorithm } from './totp/otp';
import { keyUrl, parseGoUrl } from './totp/otpauth-url';
import { qrPng } from './totp/qr-png';

interface TotpKey {
  key: string;
  issuer: string;
  accountName: string;
  period: number;
  algorithm: TotpAlgorithm;
  digits: 6 | 8;
  skew: number;
}

/** framework.GenericNameWithAtRegex: names may hold `@` (e-mail addresses). */
const NAME = /^\w(?:[\w\-.@]*\w)?$/;
const ALGORITHMS: readonly string[] = ['SHA1', 'SHA256', 'SHA512'];
/** Not a Vault limit: a bound so a huge `qr_size` cannot exhaust the dev server's memory. */
const MAX_QR_SIZE = 2000;
/** Not a Vault limit either: seeds longer than this are cut (no authenticator takes them anyway). */
const MAX_KEY_SIZE = 1024;

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const unsupportedPath = (): Result => ({ status: 404, body: { errors: ['1 error occurred:\n\t* unsupported path\n\n'] } });

export class TotpBackend implements Backend {
  private readonly keys = new Map<string, TotpKey>();
  /** `<name>_<code>` -> when it may be used again (ms, server clock). */
  private readonly usedCodes = new Map<string, number>();

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'keys') return ctx.method === 'LIST' ? listResult([...this.keys.keys()].sort()) : unsupported();
    const m = /^(keys|code)\/([^/]+)$/.exec(path);
    if (!m || !NAME.test(m[2])) return unsupportedPath();
    const [, area, name] = m;
    if (area === 'code') {
      if (ctx.method === 'GET') return this.generateCode(ctx, name);
      return isWrite(ctx) ? this.validateCode(ctx, name) : unsupported();
    }
    switch (ctx.method) {
      case 'GET': {
        const key = this.keys.get(name);
        return key ? ok({ account_name: key.accountName, algorithm: key.algorithm, digits: key.digits, issuer: key.issuer, period: key.period }) : notFound();
      }
      case 'POST':
      case 'PUT':
        return this.create(ctx, name);
      case 'DELETE':
        this.keys.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }

  /** path_keys.go pathKeyCreate. */
  private create(ctx: Ctx, name: string): Result {
    const f = readFields(ctx.body, {
      generate: 'bool',
      exported: 'bool',
      key_size: 'int',
      key: 'string',
      issuer: 'string',
      account_name: 'string',
      period: 'duration',
      algorithm: 'string',
      digits: 'int',
      skew: 'int',
      qr_size: 'int',
      url: 'string',
    });
    const generate = f.generate === true;
    const exported = f.exported !== false;
    let keyText = (f.key as string | undefined) ?? '';
    let issuer = (f.issuer as string | undefined) ?? '';
    let accountName = (f.account_name as string | undefined) ?? '';
    let period = (f.period as number | undefined) ?? 30;
    let algorithm = (f.algorithm as string | undefined) ?? 'SHA1';
    let digits = (f.digits as number | undefined) ?? 6;
    const skew = (f.skew as number | undefined) ?? 1;
    const qrSize = (f.qr_size as number | undefined) ?? 200;
    const keySize = (f.key_size as number | undefined) ?? 20;
    const inputUrl = (f.url as string | undefined) ?? '';

    if (generate && keyText !== '') return badRequest('a key should not be passed if generate is true');
    if (generate && inputUrl !== '') return badRequest('a url should not be passed if generate is true');
    if (inputUrl !== '') {
      const parsed = parseGoUrl(inputUrl);
      if (!parsed) return badRequest('an error occurred while parsing url string');
      const colon = parsed.path.indexOf(':');
      issuer = parsed.query.get('issuer') || (colon !== -1 ? parsed.path.slice(0, colon) : issuer);
      accountName = colon === -1 ? parsed.path : parsed.path.slice(colon + 1);
      keyText = parsed.query.get('secret') ?? '';
      for (const [field, set] of [
        ['period', (n: number) => (period = n)],
        ['digits', (n: number) => (digits = n)],
      ] as const) {
        const text = parsed.query.get(field) ?? '';
        if (text === '') continue;
        if (!/^[+-]?\d{1,18}$/.test(text)) return badRequest(`an error occurred while parsing ${field} value in url`);
        set(Number(text));
      }
      algorithm = parsed.query.get('algorithm') || algorithm;
    }
    if (digits !== 6 && digits !== 8) return badRequest('the digits value can only be 6 or 8');
    if (!ALGORITHMS.includes(algorithm)) return badRequest('the algorithm value is not valid');
    if (period <= 0) return badRequest('the period value must be greater than zero');
    if (skew !== 0 && skew !== 1) return badRequest('the skew value must be 0 or 1');
    if (qrSize < 0) return badRequest('the qr_size value must be greater than or equal to zero');
    if (keySize <= 0) return badRequest('the key_size value must be greater than zero');
    if (qrSize > MAX_QR_SIZE) return badRequest(`the qr_size value is larger than this dev server draws (at most ${MAX_QR_SIZE})`);

    let data: Record<string, unknown> | undefined;
    if (generate) {
      if (accountName === '') return badRequest('the account_name value is required for generated keys');
      if (issuer === '') return badRequest('the issuer value is required for generated keys');
      keyText = base32NoPadding(randomBytes(Math.min(keySize, MAX_KEY_SIZE)));
      if (exported) {
        const url = keyUrl({ issuer, accountName, secret: keyText, period, algorithm, digits });
        data = { url };
        if (qrSize > 0) {
          const png = qrPng(url, qrSize);
          if (!Buffer.isBuffer(png)) return badRequest('an error occurred while generating a QR code image');
          data.barcode = png.toString('base64');
        }
      }
    } else {
      if (keyText === '') return badRequest('the key value is required');
      const decoded = seedBytes(keyText);
      if (typeof decoded === 'string') return badRequest(`invalid key value: ${decoded}`);
    }
    this.keys.set(name, { key: keyText, issuer, accountName, period, algorithm: algorithm as TotpAlgorithm, digits: digits as 6 | 8, skew });
    return data ? ok(data) : noContent();
  }

  /** path_code.go pathReadCode. */
  private generateCode(ctx: Ctx, name: string): Result {
    const key = this.keys.get(name);
    if (!key) return badRequest(`unknown key: ${name}`);
    const code = totpCode(key, ctx.core.clock.nowSec());
    return typeof code === 'string' ? ok({ code }) : badRequest(code.error);
  }

  /** path_code.go pathValidateCode: a code is checked once; asking again within its window is refused. */
  private validateCode(ctx: Ctx, name: string): Result {
    const f = readFields(ctx.body, { code: 'string' });
    const code = ((f.code as string | undefined) ?? '').trim();
    if (code === '') return badRequest('the code value is required');
    const key = this.keys.get(name);
    if (!key) return badRequest(`unknown key: ${name}`);
    const now = ctx.core.clock.nowMs();
    this.forgetExpired(now);
    const usedName = `${name}_${code}`;
    if (this.usedCodes.has(usedName)) return badRequest('code already used; wait until the next time period');
    const valid = totpValid(key, key.skew, code, Math.floor(now / 1000));
    this.usedCodes.set(usedName, now + key.period * (2 + key.skew) * 1000);
    return ok({ valid });
  }

  private forgetExpired(now: number): void {
    for (const [used, until] of this.usedCodes) if (until <= now) this.usedCodes.delete(used);
  }
}

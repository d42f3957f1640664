import { z } from 'zod';
import { isVaultError, retell } from '../errors';
import { pathUnder } from '../paths';
import type { VaultRequester } from './requester';

const generatedAnswer = z.object({ data: z.object({ url: z.string().startsWith('otpauth://'), barcode: z.string().nullish() }) });
const codeAnswer = z.object({ data: z.object({ code: z.string().regex(/^\d{6,8}$/) }) });
const validAnswer = z.object({ data: z.object({ valid: z.boolean() }) });

/** Vault's 400 for a code validated before within its window (path_code.go). */
const ALREADY_USED = /^code already used/;
const UNKNOWN_KEY = /^unknown key: /;

export interface GeneratedTotpKey {
  /** `otpauth://totp/...`: it holds the seed, a SECRET. */
  url: string;
  /** The QR code of `url` as base64 PNG (absent when Vault was asked for none). */
  barcode?: string;
}

export interface TotpValidation {
  valid: boolean;
  /** The code was validated before within its window: Vault refuses to look at it again. */
  alreadyUsed?: boolean;
  reason?: string;
}

/**
 * The TOTP secrets engine mounted at `<mount>` (default `totp`). A generated key answers with its
 * seed (`mint`: read-and-write connections only); an imported one answers nothing (`write`). A code
 * is a one-time secret (`read`); validating one uses the key and reveals nothing (`use_key`), but it
 * is not idempotent: Vault remembers each code it checked.
 */
export class TotpEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'totp',
  ) {}

  /** Creates (or replaces) key `name` with a seed Vault generates; returns its URL and QR code. */
  async generateKey(name: string, opts: { issuer: string; accountName: string }): Promise<GeneratedTotpKey> {
    const res = await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'keys', name),
      body: { generate: true, issuer: opts.issuer, account_name: opts.accountName },
      schema: generatedAnswer,
      // A retry that replaces a seed whose answer was lost returns the seed Vault keeps.
      idempotent: true,
      access: 'mint',
      publicBody: true,
    });
    const { url, barcode } = res.body.data;
    return barcode ? { url, barcode } : { url };
  }

  /** Creates (or replaces) key `name` from an `otpauth://` URL (issuer and account taken from it when it has them). */
  async importKey(name: string, opts: { url: string; issuer?: string; accountName?: string }): Promise<void> {
    await this.vault.request({
      method: 'POST',
      path: pathUnder(this.mount, 'keys', name),
      body: { url: opts.url, ...(opts.issuer ? { issuer: opts.issuer } : {}), ...(opts.accountName ? { account_name: opts.accountName } : {}) },
      idempotent: true,
      access: 'write',
    });
  }

  /** The current code of key `name`. */
  async generateCode(name: string): Promise<string> {
    try {
      const res = await this.vault.request({ method: 'GET', path: pathUnder(this.mount, 'code', name), schema: codeAnswer, idempotent: true, access: 'read' });
      return res.body.data.code;
    } catch (e) {
      throw this.unknownKey(e, name);
    }
  }

  /** Checks a code once: a wrong code, or one already checked within its window, is `valid: false`. */
  async validateCode(name: string, code: string): Promise<TotpValidation> {
    try {
      const res = await this.vault.request({
        method: 'POST',
        path: pathUnder(this.mount, 'code', name),
        body: { code },
        schema: validAnswer,
        // Never retried: Vault remembers the code, so a second try would read "already used".
        idempotent: false,
        access: 'use_key',
        // Vault's texts never echo the code; scrubbing it would break them for a code like "used".
        publicBody: true,
      });
      return res.body.data.valid ? { valid: true } : { valid: false, reason: 'the code does not match the key at this time' };
    } catch (e) {
      if (isVaultError(e) && e.status === 400 && e.errors.some((m) => ALREADY_USED.test(m))) {
        return { valid: false, alreadyUsed: true, reason: 'the code was already used; wait for the next one' };
      }
      throw this.unknownKey(e, name);
    }
  }

  /** Vault answers an unknown key with 400 `unknown key: <name>`: told as not found. */
  private unknownKey(e: unknown, name: string): unknown {
    if (!isVaultError(e) || e.status !== 400 || !e.errors.some((m) => UNKNOWN_KEY.test(m))) return e;
    return retell(e, {
      kind: 'not_found',
      summary: `No TOTP key "${name}" at "${this.mount}/"`,
      hint: 'Create it first (Create TOTP Key), or check the key name and the TOTP mount path.',
    });
  }
}

import { z } from 'zod';
import { isVaultError } from '../errors';
import { encodePath, mountSegments } from '../paths';
import type { VaultRequester } from './requester';

const encryptAnswer = z.object({ data: z.object({ ciphertext: z.string().min(1) }) });
const decryptAnswer = z.object({ data: z.object({ plaintext: z.string() }) });
const keysAnswer = z.object({ data: z.object({ keys: z.array(z.string()).nullish() }) });

/**
 * The transit secrets engine mounted at `<mount>` (e.g. `transit`, `crypto/team`). Encrypt and
 * decrypt are POSTs that change nothing in Vault: encrypt reveals nothing (`use_key`, every access
 * mode), decrypt reveals plaintext (`read`).
 */
export class TransitEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'transit',
  ) {}

  /** Returns the ciphertext (`vault:v1:...`) of base64 plaintext. */
  async encrypt(key: string, plaintextBase64: string): Promise<string> {
    const res = await this.vault.request({
      method: 'POST',
      path: this.path('encrypt', key),
      body: { plaintext: plaintextBase64 },
      schema: encryptAnswer,
      idempotent: true,
      access: 'use_key',
    });
    return res.body.data.ciphertext;
  }

  /** Returns the plaintext, base64 as Vault sends it (it may be binary). */
  async decrypt(key: string, ciphertext: string): Promise<string> {
    const res = await this.vault.request({
      method: 'POST',
      path: this.path('decrypt', key),
      body: { ciphertext },
      schema: decryptAnswer,
      idempotent: true,
      access: 'read',
    });
    return res.body.data.plaintext;
  }

  /**
   * Key names, sorted; `[]` when the mount has none (Vault answers that with `404 {"errors":[]}`).
   * A path with no transit engine is a 404 naming the route: that `VaultError` (kind `not_found`,
   * Vault's message in `errors`) is thrown.
   */
  async listKeys(): Promise<string[]> {
    try {
      const res = await this.vault.request({
        method: 'LIST',
        path: this.path('keys'),
        schema: keysAnswer,
        idempotent: true,
        access: 'read',
      });
      return [...(res.body.data.keys ?? [])].sort();
    } catch (e) {
      if (isVaultError(e) && e.kind === 'not_found' && e.errors.length === 0) return [];
      throw e;
    }
  }

  private path(...rest: string[]): string {
    return encodePath([...mountSegments(this.mount), ...rest]);
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Backend, Ctx } from '../types';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';

interface TransitKey {
  name: string;
  versions: { key: Buffer; createdSec: number }[];
  deletionAllowed: boolean;
  exportable: boolean;
  minDecryptionVersion: number;
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/** Transit at any mount: aes256-gcm96 keys, encrypt/decrypt with `vault:vN:` ciphertexts, rotate. */
export class TransitBackend implements Backend {
  private readonly keys = new Map<string, TransitKey>();

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^(?:keys|encrypt)\/([^/]+)$/.exec(sub);
    return m ? this.keys.has(m[1]) : true;
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'keys') return ctx.method === 'LIST' ? listResult([...this.keys.keys()].sort()) : unsupported();
    const m = /^(keys|encrypt|decrypt)\/([^/]+)(?:\/(config|rotate))?$/.exec(path);
    if (!m) return notFound();
    const [, area, name, action] = m;
    if (area === 'encrypt') return isWrite(ctx) ? this.encrypt(ctx, name) : unsupported();
    if (area === 'decrypt') return isWrite(ctx) ? this.decrypt(ctx, name) : unsupported();
    const key = this.keys.get(name);
    if (action === 'config') {
      if (!key) return badRequest('no existing key named ' + name + ' could be found');
      if (!isWrite(ctx)) return unsupported();
      if (ctx.body.deletion_allowed !== undefined) key.deletionAllowed = ctx.body.deletion_allowed === true || ctx.body.deletion_allowed === 'true';
      if (ctx.body.exportable !== undefined) key.exportable = ctx.body.exportable === true;
      if (ctx.body.min_decryption_version !== undefined) key.minDecryptionVersion = Number(ctx.body.min_decryption_version) || 1;
      return noContent();
    }
    if (action === 'rotate') {
      if (!key) return badRequest('key not found');
      if (!isWrite(ctx)) return unsupported();
      key.versions.push({ key: randomBytes(32), createdSec: ctx.core.clock.nowSec() });
      return noContent();
    }
    switch (ctx.method) {
      case 'GET':
        return key ? ok(this.keyJson(key)) : notFound();
      case 'POST':
      case 'PUT': {
        const type = ctx.body.type ?? 'aes256-gcm96';
        if (type !== 'aes256-gcm96') return badRequest(`unknown key type ${String(type)}`);
        if (!key) this.create(ctx, name);
        return noContent();
      }
      case 'DELETE':
        if (!key) return noContent();
        if (!key.deletionAllowed) return badRequest('deletion is not allowed for this key');
        this.keys.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }

  private create(ctx: Ctx, name: string): TransitKey {
    const key: TransitKey = { name, versions: [{ key: randomBytes(32), createdSec: ctx.core.clock.nowSec() }], deletionAllowed: false, exportable: false, minDecryptionVersion: 1 };
    this.keys.set(name, key);
    return key;
  }

  private keyJson(k: TransitKey): Record<string, unknown> {
    return {
      allow_plaintext_backup: false,
      deletion_allowed: k.deletionAllowed,
      derived: false,
      exportable: k.exportable,
      keys: Object.fromEntries(k.versions.map((v, i) => [String(i + 1), v.createdSec])),
      latest_version: k.versions.length,
      min_available_version: 0,
      min_decryption_version: k.minDecryptionVersion,
      min_encryption_version: 0,
      name: k.name,
      supports_decryption: true,
      supports_derivation: true,
      supports_encryption: true,
      supports_signing: false,
      type: 'aes256-gcm96',
    };
  }

  private encryptOne(key: TransitKey, plaintext: unknown): { ciphertext: string; key_version: number } | string {
    if (typeof plaintext !== 'string') return 'missing plaintext to encrypt';
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(plaintext)) return 'failed to base64-decode plaintext';
    const version = key.versions.length;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.versions[version - 1].key, iv);
    const enc = Buffer.concat([cipher.update(Buffer.from(plaintext, 'base64')), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext: `vault:v${version}:${Buffer.concat([iv, enc]).toString('base64')}`, key_version: version };
  }

  private decryptOne(key: TransitKey, ciphertext: unknown): { plaintext: string } | string {
    // The checks and texts of keysutil Policy.Decrypt (sdk/helper/keysutil/policy.go), in its order.
    if (typeof ciphertext !== 'string' || ciphertext === '') return 'missing ciphertext to decrypt';
    if (!ciphertext.startsWith('vault:v')) return 'invalid ciphertext: no prefix';
    const rest = ciphertext.slice('vault:v'.length);
    const colon = rest.indexOf(':');
    if (colon === -1) return 'invalid ciphertext: wrong number of fields';
    const versionText = rest.slice(0, colon);
    if (!/^[+-]?\d+$/.test(versionText)) return 'invalid ciphertext: version number could not be decoded';
    const version = Math.max(Number(versionText), 1); // v0 is read as v1 (the first implementation counted from 0)
    if (version > key.versions.length) return 'invalid ciphertext: version is too new';
    if (key.minDecryptionVersion > 0 && version < key.minDecryptionVersion) return 'ciphertext or signature version is disallowed by policy (too old)';
    const b64 = rest.slice(colon + 1);
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) return 'invalid ciphertext: could not decode base64';
    const entry = key.versions[version - 1];
    const raw = Buffer.from(b64, 'base64');
    if (raw.length < 28) return 'cipher: message authentication failed';
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
      return { plaintext: plain.toString('base64') };
    } catch {
      return 'cipher: message authentication failed';
    }
  }

  private encrypt(ctx: Ctx, name: string): Result {
    const key = this.keys.get(name) ?? this.create(ctx, name);
    return this.batchOrOne(ctx, (item) => this.encryptOne(key, item.plaintext));
  }

  private decrypt(ctx: Ctx, name: string): Result {
    const key = this.keys.get(name);
    if (!key) return badRequest('encryption key not found');
    return this.batchOrOne(ctx, (item) => this.decryptOne(key, item.ciphertext));
  }

  private batchOrOne(ctx: Ctx, one: (item: Record<string, unknown>) => Record<string, unknown> | string): Result {
    const batch = ctx.body.batch_input;
    if (Array.isArray(batch)) {
      const results = batch.map((item) => {
        const r = one((item ?? {}) as Record<string, unknown>);
        return typeof r === 'string' ? { error: r } : r;
      });
      return ok({ batch_results: results });
    }
    const r = one(ctx.body);
    return typeof r === 'string' ? badRequest(r) : ok(r);
  }
}

/**
 * Transit at any mount, as Vault 1.8's builtin/logical/transit: keys of every 1.8 type
 * (path_keys.go), their config (path_config.go), rotation, export (path_export.go), deletion, and
 * the operations of transit/operations.ts.
 */
import type { Backend, Ctx } from '../types';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { readFields } from '../util/field-schema';
import { exportKey, KEY_TYPES, keysJson, newVersion, supports, type KeyType, type TransitKey } from './transit/keys';
import { decryptOp, encryptOp, rewrapOp, signOp, verifyOp } from './transit/operations';
import { signingRoute } from './transit/signing';

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const EXPORT_TYPES = ['encryption-key', 'signing-key', 'hmac-key'];
/** Types encrypt may create a key of (path_encrypt.go); the signing ones are refused by name. */
const ENCRYPT_UPSERT = ['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305'];

export class TransitBackend implements Backend {
  private readonly keys = new Map<string, TransitKey>();

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^(?:keys|encrypt)\/([^/]+)$/.exec(sub);
    return m ? this.keys.has(m[1]) : true;
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'keys') return ctx.method === 'LIST' ? listResult([...this.keys.keys()].sort()) : unsupported();
    const exp = /^export\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (exp) return ctx.method === 'GET' ? this.export(exp[1], exp[2], exp[3] ?? '') : unsupported();
    const signing = signingRoute(ctx, path, (name) => this.keys.get(name));
    if (signing) return signing;
    const op = /^(encrypt|decrypt|rewrap|sign|verify)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (op) {
      if (!isWrite(ctx)) return unsupported();
      const [, area, name, urlHash] = op;
      const key = this.keys.get(name);
      if (area === 'encrypt') return encryptOp(ctx, name, () => key ?? this.createForEncrypt(ctx, name));
      if (area === 'decrypt') return decryptOp(ctx, key);
      if (area === 'rewrap') return rewrapOp(ctx, key);
      return area === 'sign' ? signOp(ctx, key, urlHash ?? '') : verifyOp(ctx, key, urlHash ?? '');
    }
    const m = /^keys\/([^/]+)(?:\/(config|rotate))?$/.exec(path);
    if (!m) return notFound();
    const [, name, action] = m;
    const key = this.keys.get(name);
    if (action === 'config') return isWrite(ctx) ? this.config(ctx, name, key) : unsupported();
    if (action === 'rotate') {
      if (!isWrite(ctx)) return unsupported();
      if (!key) return badRequest('key not found');
      key.versions.push(newVersion(key.type, ctx.core.clock.nowMs()));
      return noContent();
    }
    switch (ctx.method) {
      case 'GET':
        return key ? ok(keyJson(key)) : notFound();
      case 'POST':
      case 'PUT':
        return this.write(ctx, name, key);
      case 'DELETE':
        // lock_manager.go DeletePolicy, answered by pathPolicyDelete as a 400
        if (!key) return badRequest(`error deleting policy ${name}: could not delete key; not found`);
        if (!key.deletionAllowed) return badRequest(`error deleting policy ${name}: deletion is not allowed for this key`);
        this.keys.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }

  /** pathPolicyWrite: an existing key is left as it is (1.8 answers 204 either way). */
  private write(ctx: Ctx, name: string, existing: TransitKey | undefined): Result {
    const f = readFields(ctx.body, { type: 'string', derived: 'bool', convergent_encryption: 'bool', exportable: 'bool', allow_plaintext_backup: 'bool' });
    const type = (f.type as string | undefined) ?? 'aes256-gcm96';
    if (!f.derived && f.convergent_encryption) return badRequest('convergent encryption requires derivation to be enabled');
    if (!(KEY_TYPES as readonly string[]).includes(type)) return badRequest(`unknown key type ${type}`);
    if (f.derived && !supports.derivation(type)) return badRequest(`key derivation and convergent encryption not supported for keys of type ${type}`);
    if (!existing) {
      const key = this.create(ctx, name, type as KeyType);
      key.derived = !!f.derived;
      key.exportable = !!f.exportable;
      key.allowPlaintextBackup = !!f.allow_plaintext_backup;
    }
    return noContent();
  }

  private create(ctx: Ctx, name: string, type: KeyType): TransitKey {
    const key: TransitKey = {
      name,
      type,
      versions: [newVersion(type, ctx.core.clock.nowMs())],
      deletionAllowed: false,
      exportable: false,
      allowPlaintextBackup: false,
      derived: false,
      minDecryptionVersion: 1,
      minEncryptionVersion: 0,
    };
    this.keys.set(name, key);
    return key;
  }

  private createForEncrypt(ctx: Ctx, name: string): TransitKey | string {
    const type = typeof ctx.body.type === 'string' && ctx.body.type ? ctx.body.type : 'aes256-gcm96';
    if (type.startsWith('ecdsa-')) return `key type ${type} not supported for this operation`;
    if (!ENCRYPT_UPSERT.includes(type)) return `unknown key type ${type}`;
    return this.create(ctx, name, type as KeyType);
  }

  /** path_config.go pathConfigWrite. */
  private config(ctx: Ctx, name: string, key: TransitKey | undefined): Result {
    if (!key) return badRequest(`no existing key named ${name} could be found`);
    const f = readFields(ctx.body, { min_decryption_version: 'int', min_encryption_version: 'int', deletion_allowed: 'bool', exportable: 'bool', allow_plaintext_backup: 'bool' });
    const latest = key.versions.length;
    const warnings: string[] = [];
    let changed = false;
    if ('min_decryption_version' in f) {
      let v = f.min_decryption_version as number;
      if (v < 0) return badRequest('min decryption version cannot be negative');
      if (v === 0) {
        v = 1;
        warnings.push('since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1');
      }
      if (v !== key.minDecryptionVersion) {
        if (v > latest) return badRequest(`cannot set min decryption version of ${v}, latest key version is ${latest}`);
        key.minDecryptionVersion = v;
        changed = true;
      }
    }
    if ('min_encryption_version' in f) {
      const v = f.min_encryption_version as number;
      if (v < 0) return badRequest('min encryption version cannot be negative');
      if (v !== key.minEncryptionVersion) {
        if (v > latest) return badRequest(`cannot set min encryption version of ${v}, latest key version is ${latest}`);
        key.minEncryptionVersion = v;
        changed = true;
      }
    }
    if (key.minEncryptionVersion > 0 && key.minEncryptionVersion < key.minDecryptionVersion)
      return badRequest(
        `cannot set min encryption/decryption values; min encryption version of ${key.minEncryptionVersion} must be greater than or equal to min decryption version of ${key.minDecryptionVersion}`,
      );
    if ('deletion_allowed' in f && f.deletion_allowed !== key.deletionAllowed) {
      key.deletionAllowed = f.deletion_allowed as boolean;
      changed = true;
    }
    // exportable and allow_plaintext_backup can be set, never unset
    if (f.exportable === true && !key.exportable) key.exportable = changed = true;
    if (f.allow_plaintext_backup === true && !key.allowPlaintextBackup) key.allowPlaintextBackup = changed = true;
    if (!changed || !warnings.length) return noContent();
    return ok(null, { warnings });
  }

  /** path_export.go pathPolicyExportRead. */
  private export(exportType: string, name: string, version: string): Result {
    if (!EXPORT_TYPES.includes(exportType)) return badRequest(`invalid export type: ${exportType}`);
    const key = this.keys.get(name);
    if (!key) return notFound();
    if (!key.exportable) return badRequest('key is not exportable');
    if (exportType === 'encryption-key' && !supports.encryption(key.type)) return badRequest('encryption not supported for the key');
    if (exportType === 'signing-key' && !supports.signing(key.type)) return badRequest('signing not supported for the key');
    const keys: Record<string, string> = {};
    if (version === '') key.versions.forEach((v, i) => (keys[String(i + 1)] = exportKey(key, v, exportType)));
    else {
      const n = version === 'latest' ? key.versions.length : /^\d+$/.test(version.replace(/^v/, '')) ? Number(version.replace(/^v/, '')) : NaN;
      if (Number.isNaN(n)) return badRequest('invalid key version');
      if (n < key.minDecryptionVersion) return badRequest('version for export is below minimun decryption version');
      const v = key.versions[n - 1];
      if (!v) return badRequest('version does not exist or cannot be found');
      keys[String(n)] = exportKey(key, v, exportType);
    }
    return ok({ name: key.name, type: key.type, keys });
  }
}

/** pathPolicyRead (1.8 fields). */
function keyJson(k: TransitKey): Record<string, unknown> {
  const out: Record<string, unknown> = {
    allow_plaintext_backup: k.allowPlaintextBackup,
    deletion_allowed: k.deletionAllowed,
    derived: k.derived,
    exportable: k.exportable,
    keys: keysJson(k),
    latest_version: k.versions.length,
    min_available_version: 0,
    min_decryption_version: k.minDecryptionVersion,
    min_encryption_version: k.minEncryptionVersion,
    name: k.name,
    supports_decryption: supports.encryption(k.type),
    supports_derivation: supports.derivation(k.type),
    supports_encryption: supports.encryption(k.type),
    supports_signing: supports.signing(k.type),
    type: k.type,
  };
  if (k.derived) {
    out.kdf = 'hkdf_sha256';
    out.convergent_encryption = false;
  }
  return out;
}

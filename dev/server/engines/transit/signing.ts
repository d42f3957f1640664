/**
 * transit hmac, HMAC verification and datakey as Vault 1.8 runs them (builtin/logical/transit
 * path_hmac.go, path_datakey.go and the hmac branch of path_sign_verify.go): their checks in their
 * order, their texts and statuses. `signingRoute` is the one entry point the transit backend calls.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../types';
import { badRequest, fail as failResult, ok, unsupported, wrapped, type Result } from '../../util/respond';
import { goBase64Decode } from '../../util/go-base64';
import { readFields } from '../../util/field-schema';
import { encrypt } from './crypto';
import type { TransitKey } from './keys';

type Item = Record<string, unknown>;
interface ItemResult {
  hmac?: string;
  valid?: boolean;
  error?: string;
}

/** keysutil.HashTypeMap of 1.8 (sha3 arrived in 1.10), as node:crypto names them. */
const HMAC_HASHES: Record<string, string> = { sha1: 'sha1', 'sha2-224': 'sha224', 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512' };

/**
 * 1.8 formats the zero HashType it failed to find with %q, so every unknown algorithm reads the
 * same: `unsupported algorithm '\x00'` (a 400: an error response with no Go error).
 */
const UNSUPPORTED_ALGORITHM = "unsupported algorithm '\\x00'";

const has = (o: Item, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/**
 * Answers `hmac/<key>[/<algorithm>]`, `datakey/<plaintext|wrapped>/<key>` and a `verify/<key>`
 * that carries an `hmac`; undefined for every other path (signature verification included).
 */
export function signingRoute(ctx: Ctx, path: string, keyOf: (name: string) => TransitKey | undefined): Result | undefined {
  const hmac = /^hmac\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (hmac) return isWrite(ctx) ? hmacOp(ctx, keyOf(hmac[1]), hmac[2] ?? '') : unsupported();
  const datakey = /^datakey\/([^/]+)\/([^/]+)$/.exec(path);
  if (datakey) return isWrite(ctx) ? datakeyOp(ctx, datakey[1], keyOf(datakey[2])) : unsupported();
  const verify = /^verify\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (verify && isWrite(ctx)) return hmacVerifyRoute(ctx, () => keyOf(verify[1]), verify[2] ?? '');
  return undefined;
}

/** The batch items, or the refusal of a batch_input that is no list (mapstructure's 500) or is empty. */
function batchItems(ctx: Ctx): Item[] | Result | undefined {
  const raw = ctx.body.batch_input;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) return failResult(500, wrapped(`failed to parse batch input: 1 error(s) decoding:\n\n* '' source data must be an array or slice, got ${typeof raw === 'object' ? 'map' : typeof raw}`));
  if (raw.length === 0) return badRequest('missing batch input to process');
  return raw.map((i) => (i && typeof i === 'object' && !Array.isArray(i) ? (i as Item) : {}));
}

/** One item's result as the body, or every item's as `batch_results` (always 200). */
function answer(results: ItemResult[], single: boolean, field: 'hmac' | 'valid'): Result {
  if (!single) return ok({ batch_results: results });
  const [r] = results;
  if (r.error !== undefined) return badRequest(r.error);
  return ok({ [field]: r[field] ?? false });
}

/** path_hmac.go pathHMACWrite. */
function hmacOp(ctx: Ctx, key: TransitKey | undefined, urlAlgorithm: string): Result {
  const f = readFields(ctx.body, { input: 'string', algorithm: 'string', key_version: 'int' });
  const algorithm = urlAlgorithm || (has(f, 'algorithm') ? str(f.algorithm) : 'sha2-256');
  if (!key) return badRequest('encryption key not found');
  const latest = key.versions.length;
  let version = (f.key_version as number | undefined) ?? 0;
  if (version === 0) version = latest;
  else if (version !== latest && key.minEncryptionVersion > 0 && version < key.minEncryptionVersion)
    return badRequest('cannot generate HMAC: version is too old (disallowed by policy)');
  const secret = hmacKey(key, version);
  if (typeof secret === 'string') return badRequest(secret);
  const hash = HMAC_HASHES[algorithm];
  if (!hash) return badRequest(UNSUPPORTED_ALGORITHM);
  const batch = batchItems(ctx);
  if (batch && !Array.isArray(batch)) return batch;
  if (!batch && !has(ctx.body, 'input')) return badRequest('missing input for HMAC');
  const results = (batch ?? [{ input: f.input }]).map((item): ItemResult => {
    if (!has(item, 'input')) return { error: 'missing input for HMAC' };
    const input = goBase64Decode(str(item.input));
    if (typeof input === 'string') return { error: `unable to decode input as base64: ${input}` };
    return { hmac: `vault:v${version}:${createHmac(hash, secret).update(input).digest('base64')}` };
  });
  return answer(results, !batch, 'hmac');
}

/** keysutil.Policy.HMACKey: the version's HMAC key, or why there is none. */
function hmacKey(key: TransitKey, version: number): Buffer | string {
  if (version < 0) return 'key version does not exist (cannot be negative)';
  if (version > key.versions.length) return `key version does not exist; latest key version is ${key.versions.length}`;
  return key.versions[version - 1]?.hmacKey ?? 'no HMAC key exists for that key version';
}

/**
 * pathVerifyWrite's choice between a signature and an HMAC: the refusals of a mix, and the HMAC
 * verification; undefined when the request verifies signatures (the transit backend's verify).
 */
function hmacVerifyRoute(ctx: Ctx, keyOf: () => TransitKey | undefined, urlAlgorithm: string): Result | undefined {
  const batch = batchItems(ctx);
  if (batch && !Array.isArray(batch)) return undefined; // the signature path answers the same refusal
  const items = batch ?? [ctx.body];
  let sig = false;
  let mac = false;
  let missing = false;
  for (const item of items) {
    if (has(item, 'signature')) sig = true;
    else if (has(item, 'hmac')) mac = true;
    else missing = true;
  }
  // A single request lists both fields in one item: the check above saw only its signature.
  if (!batch && sig && has(ctx.body, 'hmac')) return badRequest("provide one of 'signature' or 'hmac'");
  if (batch && sig && mac) return badRequest("elements of batch_input must all provide 'signature' or all provide 'hmac'");
  if (batch && missing && mac) return badRequest("some elements of batch_input are missing 'hmac'");
  if (!mac || missing) return undefined;
  return hmacVerify(ctx, keyOf(), urlAlgorithm, batch);
}

/** path_hmac.go pathHMACVerify (1.8 reads `algorithm`, not `hash_algorithm`, for an HMAC). */
function hmacVerify(ctx: Ctx, key: TransitKey | undefined, urlAlgorithm: string, batch: Item[] | undefined): Result {
  const f = readFields(ctx.body, { input: 'string', hmac: 'string', algorithm: 'string' });
  const algorithm = urlAlgorithm || (has(f, 'algorithm') ? str(f.algorithm) : 'sha2-256');
  if (!key) return badRequest('encryption key not found');
  const hash = HMAC_HASHES[algorithm];
  if (!hash) return badRequest(UNSUPPORTED_ALGORITHM);
  const items = batch ?? [{ input: str(f.input), hmac: str(f.hmac) }];
  const results = items.map((item) => verifyOne(key, hash, item));
  return answer(results, !batch, 'valid');
}

function verifyOne(key: TransitKey, hash: string, item: Item): ItemResult {
  if (!has(item, 'input')) return { error: 'missing input' };
  const input = goBase64Decode(str(item.input));
  if (typeof input === 'string') return { error: `unable to decode input as base64: ${input}` };
  if (!has(item, 'hmac')) return { error: 'missing hmac' };
  const given = str(item.hmac);
  if (!given.startsWith('vault:v')) return { error: 'invalid HMAC to verify: no prefix' };
  const rest = given.slice('vault:v'.length);
  const colon = rest.indexOf(':');
  if (colon === -1) return { error: 'invalid HMAC: wrong number of fields' };
  const versionText = rest.slice(0, colon);
  if (!/^[+-]?\d{1,18}$/.test(versionText)) return { error: 'invalid HMAC: version number could not be decoded' };
  const version = Number(versionText);
  const mac = goBase64Decode(rest.slice(colon + 1));
  if (typeof mac === 'string') return { error: `unable to decode verification HMAC as base64: ${mac}` };
  if (version > key.versions.length) return { error: 'invalid HMAC: version is too new' };
  if (key.minDecryptionVersion > 0 && version < key.minDecryptionVersion) return { error: 'cannot verify HMAC: version is too old (disallowed by policy)' };
  const secret = hmacKey(key, version);
  if (typeof secret === 'string') return { error: secret };
  const expected = createHmac(hash, secret).update(input).digest();
  return { valid: expected.length === mac.length && timingSafeEqual(expected, mac) };
}

const DATA_KEY_BYTES: Record<number, number> = { 128: 16, 256: 32, 512: 64 };

/** path_datakey.go pathDatakeyWrite: a new random key, encrypted with the transit key. */
function datakeyOp(ctx: Ctx, kind: string, key: TransitKey | undefined): Result {
  const f = readFields(ctx.body, { context: 'string', nonce: 'string', bits: 'int', key_version: 'int' });
  if (kind !== 'plaintext' && kind !== 'wrapped') return badRequest("Invalid path, must be 'plaintext' or 'wrapped'");
  if (str(f.context) !== '' && typeof goBase64Decode(str(f.context)) === 'string') return badRequest('failed to base64-decode context');
  if (str(f.nonce) !== '' && typeof goBase64Decode(str(f.nonce)) === 'string') return badRequest('failed to base64-decode nonce');
  if (!key) return badRequest('encryption key not found');
  const size = DATA_KEY_BYTES[has(f, 'bits') ? (f.bits as number) : 256];
  if (!size) return badRequest('invalid bit length');
  const dataKey = randomBytes(size);
  const version = (f.key_version as number | undefined) ?? 0;
  const sealed = encrypt(key, dataKey, version);
  if ('error' in sealed) return sealed.internal ? failResult(500, wrapped(sealed.error)) : badRequest(sealed.error);
  const data: Record<string, unknown> = { ciphertext: sealed.ciphertext, key_version: version === 0 ? key.versions.length : version };
  if (kind === 'plaintext') data.plaintext = dataKey.toString('base64');
  return ok(data);
}

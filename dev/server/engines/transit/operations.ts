/**
 * transit encrypt / decrypt / rewrap / sign / verify as Vault 1.8's path_encrypt.go,
 * path_decrypt.go, path_rewrap.go and path_sign_verify.go run them: one item or a `batch_input`
 * (always 200, each failed item carrying its `error`), their checks in their order and their texts.
 */
import type { Ctx } from '../../types';
import { badRequest, fail as failResult, ok, wrapped, type Result } from '../../util/respond';
import { goBase64Decode } from '../../util/go-base64';
import { readFields } from '../../util/field-schema';
import { decrypt, encrypt, isHashAlgorithm, signInput, verifyInput, type Failure } from './crypto';
import { supports, type TransitKey } from './keys';

type Item = Record<string, unknown>;
type Outcome = Record<string, unknown> | Failure;

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const int = (v: unknown) => (typeof v === 'number' ? Math.trunc(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0);

/** The items to process, or the refusal; `single` when there was no batch_input. */
function items(ctx: Ctx, singleField: string, missing: string): { list: Item[]; single: boolean } | Result {
  const raw = ctx.body.batch_input;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) return failResult(500, wrapped(`failed to parse batch input: 1 error(s) decoding:\n\n* '' source data must be an array or slice, got ${typeof raw === 'object' ? 'map' : typeof raw === 'boolean' ? 'bool' : 'string'}`));
    if (raw.length === 0) return badRequest('missing batch input to process');
    return { list: raw.map((i) => (i && typeof i === 'object' ? (i as Item) : {})), single: false };
  }
  if (singleField && !(singleField in ctx.body)) return badRequest(missing);
  readFields(ctx.body, { key_version: 'int', context: 'string', nonce: 'string', [singleField || 'input']: 'string' });
  return { list: [ctx.body], single: true };
}

/** Answers the outcomes: the single one as the body (or its 400), or `batch_results`. */
function answer(outcomes: Outcome[], single: boolean, warnings: string[] = []): Result {
  if (single) {
    const o = outcomes[0];
    if ('error' in o && typeof o.error === 'string' && !('plaintext' in o)) return o.internal ? failResult(500, wrapped(o.error)) : badRequest(o.error);
    return ok(o, { warnings });
  }
  const internal = outcomes.find((o) => 'internal' in o && o.internal);
  if (internal) return failResult(500, wrapped(String((internal as Failure).error)));
  return ok({ batch_results: outcomes.map((o) => ('error' in o ? { ...o, internal: undefined } : o)) }, { warnings });
}

const contextMismatch = (list: Item[]) => {
  const set = str(list[0].context) !== '';
  return list.some((i) => (str(i.context) !== '') !== set);
};

export function encryptOp(ctx: Ctx, name: string, getKey: (create: boolean) => TransitKey | string | undefined): Result {
  const parsed = items(ctx, 'plaintext', 'missing plaintext to encrypt');
  if (!('list' in parsed)) return parsed;
  const { list, single } = parsed;
  if (contextMismatch(list)) return badRequest('context should be set either in all the request blocks or in none');
  const decoded = list.map((i) => goBase64Decode(str(i.plaintext)));
  const key = getKey(true);
  if (typeof key === 'string') return badRequest(key);
  if (!key) return badRequest('encryption key not found');
  const outcomes = list.map((item, n): Outcome => {
    const plain = decoded[n];
    if (typeof plain === 'string') return { error: plain };
    const r = encrypt(key, plain, int(item.key_version));
    return 'error' in r ? r : { ciphertext: r.ciphertext, key_version: r.version };
  });
  return answer(outcomes, single);
}

/** The checks decrypt and rewrap make, in Vault's order, before touching any ciphertext. */
function ciphertextBatch(ctx: Ctx, key: TransitKey | undefined): { list: Item[]; single: boolean; missing: boolean[]; key: TransitKey } | Result {
  const parsed = items(ctx, '', '');
  if (!('list' in parsed)) return parsed;
  const { list, single } = parsed;
  if (single && str(ctx.body.ciphertext) === '') return badRequest('missing ciphertext to decrypt');
  if (contextMismatch(list)) return badRequest('context should be set either in all the request blocks or in none');
  const missing = list.map((i) => str(i.ciphertext) === '');
  if (!key) return badRequest('encryption key not found');
  return { list, single, missing, key };
}

export function decryptOp(ctx: Ctx, requested: TransitKey | undefined): Result {
  const batch = ciphertextBatch(ctx, requested);
  if (!('list' in batch)) return batch;
  const { list, single, missing, key } = batch;
  const outcomes = list.map((item, n): Outcome => {
    if (missing[n]) return { plaintext: '', error: 'missing ciphertext to decrypt' };
    const r = decrypt(key, str(item.ciphertext));
    if ('error' in r) return r.internal ? r : { plaintext: '', error: r.error };
    return r;
  });
  if (single && 'error' in outcomes[0]) {
    const o = outcomes[0] as Failure;
    return o.internal ? failResult(500, wrapped(o.error)) : badRequest(o.error);
  }
  return answer(outcomes, single);
}

export function rewrapOp(ctx: Ctx, requested: TransitKey | undefined): Result {
  const batch = ciphertextBatch(ctx, requested);
  if (!('list' in batch)) return batch;
  const { list, single, missing, key } = batch;
  const outcomes = list.map((item, n): Outcome => {
    if (missing[n]) return { error: 'missing ciphertext to decrypt' };
    const plain = decrypt(key, str(item.ciphertext));
    if ('error' in plain) return plain;
    const r = encrypt(key, Buffer.from(plain.plaintext, 'base64'), int(item.key_version));
    return 'error' in r ? r : { ciphertext: r.ciphertext, key_version: r.version };
  });
  return answer(outcomes, single);
}

/** hash_algorithm (or the URL's), marshaling and the key checks shared by sign and verify. */
function signSetup(ctx: Ctx, urlHash: string, key: TransitKey | undefined, verb: 'signing' | 'verification'): { hash: string; sigAlg: string } | Result {
  const hash = urlHash || str(ctx.body.hash_algorithm) || str(ctx.body.algorithm) || 'sha2-256';
  if (!isHashAlgorithm(hash)) return badRequest(`invalid hash algorithm ${JSON.stringify(hash)}`);
  const marshaling = str(ctx.body.marshaling_algorithm) || 'asn1';
  if (marshaling !== 'asn1' && marshaling !== 'jws') return badRequest(`invalid marshaling type ${JSON.stringify(marshaling)}`);
  if (!key) return badRequest('encryption key not found');
  if (!supports.signing(key.type)) return badRequest(`key type ${key.type} does not support ${verb}`);
  return { hash, sigAlg: str(ctx.body.signature_algorithm) };
}

export function signOp(ctx: Ctx, key: TransitKey | undefined, urlHash: string): Result {
  const setup = signSetup(ctx, urlHash, key, 'signing');
  if (!('hash' in setup)) return setup;
  const parsed = items(ctx, '', '');
  if (!('list' in parsed)) return parsed;
  const outcomes = parsed.list.map((item): Outcome => {
    if (!parsed.single && !('input' in item)) return { error: 'missing input' };
    const input = goBase64Decode(str(item.input));
    if (typeof input === 'string') return { error: `unable to decode input as base64: ${input}` };
    const r = signInput(key!, input, int(item.key_version), setup.hash, setup.sigAlg);
    return 'error' in r ? r : { signature: r.signature, key_version: r.version };
  });
  return answer(outcomes, parsed.single);
}

export function verifyOp(ctx: Ctx, key: TransitKey | undefined, urlHash: string): Result {
  const batch = ctx.body.batch_input;
  if (batch === undefined || batch === null) {
    if (!('signature' in ctx.body) && !('hmac' in ctx.body)) return badRequest("neither a 'signature' nor an 'hmac' were given to verify");
  } else if (Array.isArray(batch) && batch.length) {
    const sig = batch.filter((i) => i && typeof i === 'object' && 'signature' in i).length;
    if (sig && sig < batch.length) return badRequest("some elements of batch_input are missing 'signature'");
    if (!sig) return badRequest("no batch_input elements have 'signature' or 'hmac'");
  }
  const setup = signSetup(ctx, urlHash, key, 'verification');
  if (!('hash' in setup)) return setup;
  const parsed = items(ctx, '', '');
  if (!('list' in parsed)) return parsed;
  const outcomes = parsed.list.map((item): Outcome => {
    const input = goBase64Decode(str(item.input));
    if (typeof input === 'string') return { error: `unable to decode input as base64: ${input}` };
    const r = verifyInput(key!, input, str(item.signature), setup.hash, setup.sigAlg);
    return typeof r === 'boolean' ? { valid: r } : r;
  });
  return answer(outcomes, parsed.single);
}

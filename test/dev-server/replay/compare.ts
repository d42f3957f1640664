/**
 * Same shape and values as the recorded body: the same keys at every level, the same values except
 * where a value is minted per run (ids, tokens, keys, certificates, ciphertexts, timestamps), which
 * must then have the recorded form (minted-values.ts).
 */
import { sameMintedForm, type Moment } from './minted-values';

const IGNORED = new Set([
  'request_id',
  'accessor',
  'uuid',
  'client_token',
  'entity_id',
  'secret_id',
  'secret_id_accessor',
  'role_id',
  'token',
  'wrapped_accessor',
  'created_time',
  'updated_time',
  'creation_time',
  'expire_time',
  'expiration_time',
  'last_updated_time',
  'issue_time',
  'last_renewal',
  'last_renewal_time',
  'server_time_utc',
  'cluster_name',
  'cluster_id',
  'id',
  'root_token',
  'nonce',
]);
/** Values minted by the server that later requests must use in place of the recorded ones. */
const SUBSTITUTED = new Set(['client_token', 'accessor', 'role_id', 'secret_id', 'secret_id_accessor', 'token', 'wrapped_accessor', 'id', 'root_token']);
/**
 * Seconds left on a token or lease: the clock moves a little differently from the recording (a PKI
 * lease runs until the certificate's notAfter, so its length depends on how long the signing took).
 */
const TOLERANT_SECONDS = new Set(['ttl', 'lease_duration']);

export interface CompareContext {
  subs: Map<string, string>;
  /** When the recorded request was sent and when the replayed one was (server clock), for timestamps. */
  moment?: Moment;
}

export function compareBodies(recorded: unknown, actual: unknown, subs: Map<string, string>, moment?: Moment): string[] {
  const problems: string[] = [];
  compare(recorded, actual, 'body', { subs, moment }, problems);
  return problems;
}

function compare(recorded: unknown, actual: unknown, where: string, ctx: CompareContext, problems: string[], key = '', parent?: object): void {
  const { subs } = ctx;
  // health's `version` is the server build ("1.8.0-dev" recorded), not a KV version
  if (IGNORED.has(key) || (parent && 'replication_dr_mode' in parent && key === 'version')) {
    if (typeof recorded === 'string' && typeof actual === 'string' && SUBSTITUTED.has(key) && recorded !== actual && recorded.length > 8) subs.set(recorded, actual);
    if (typeof recorded !== typeof actual || (recorded === null) !== (actual === null)) problems.push(`${where}: ${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}`);
    return;
  }
  if (key === 'deletion_time' && typeof recorded === 'string' && recorded !== '') {
    if (typeof actual !== 'string' || actual === '') problems.push(`${where}: expected a deletion time, got ${JSON.stringify(actual)}`);
    return;
  }
  if (TOLERANT_SECONDS.has(key) && typeof recorded === 'number') {
    if (typeof actual !== 'number' || Math.abs(actual - recorded) > 2) problems.push(`${where}: ${JSON.stringify(actual)}, recorded ${recorded}`);
    return;
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual) || actual.length !== recorded.length) {
      problems.push(`${where}: ${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}`);
      return;
    }
    if (sameMintedList(recorded, actual, subs)) return;
    // elements are judged by the array's key (`keys` of sys/init are minted, of a LIST are not)
    recorded.forEach((r, i) => compare(r, actual[i], `${where}[${i}]`, ctx, problems, key, parent));
    return;
  }
  if (recorded && typeof recorded === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) {
      problems.push(`${where}: ${JSON.stringify(actual)}, recorded an object`);
      return;
    }
    const rk = Object.keys(recorded).sort();
    const ak = Object.keys(actual).sort();
    if (rk.join() !== ak.join()) problems.push(`${where}: keys ${ak.join(',')}, recorded ${rk.join(',')}`);
    for (const k of rk) if (k in (actual as object)) compare((recorded as any)[k], (actual as any)[k], `${where}.${k}`, ctx, problems, k, recorded as object);
    return;
  }
  if (recorded === actual) return;
  if (typeof recorded === 'string' && subs.size && substitute(recorded, subs) === actual) return;
  const minted = sameMintedForm(key, recorded, actual, ctx.moment, subs);
  if (minted === true) return;
  problems.push(`${where}: ${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}${typeof minted === 'string' ? ` (${minted})` : ''}`);
}

/** A list of values minted per run (accessors, serial numbers) comes back sorted by the new values. */
function sameMintedList(recorded: unknown[], actual: unknown[], subs: Map<string, string>): boolean {
  if (!subs.size || !recorded.every((r) => typeof r === 'string') || !actual.every((a) => typeof a === 'string')) return false;
  const substituted = recorded.map((r) => substitute(r as string, subs));
  // only a list with minted values may come back in another order
  if (substituted.every((s, i) => s === recorded[i])) return false;
  const expected = substituted.sort();
  const got = [...(actual as string[])].sort();
  return expected.every((e, i) => e === got[i]);
}

export function substitute(text: string, subs: Map<string, string>): string {
  let out = text;
  for (const [from, to] of subs) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

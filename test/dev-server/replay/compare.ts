/**
 * Same shape and values as the recorded body: the same keys at every level, the same values except
 * where a value is random per run (ids, tokens, timestamps), whose type only must match.
 */

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
]);
/** Values minted by the server that later requests must use in place of the recorded ones. */
const SUBSTITUTED = new Set(['client_token', 'accessor', 'role_id', 'secret_id', 'secret_id_accessor', 'token', 'wrapped_accessor', 'id']);
/** Seconds left on a token or lease: the clock moves a little differently from the recording. */
const TOLERANT_SECONDS = new Set(['ttl']);

export function compareBodies(recorded: unknown, actual: unknown, subs: Map<string, string>): string[] {
  const problems: string[] = [];
  compare(recorded, actual, 'body', subs, problems);
  return problems;
}

function compare(recorded: unknown, actual: unknown, where: string, subs: Map<string, string>, problems: string[], key = '', parentIsHealth = false): void {
  // health's `version` is the server build ("1.8.0-dev" recorded), not a KV version
  if (IGNORED.has(key) || (parentIsHealth && key === 'version')) {
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
    recorded.forEach((r, i) => compare(r, actual[i], `${where}[${i}]`, subs, problems));
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
    const health = 'replication_dr_mode' in (recorded as object);
    for (const k of rk) if (k in (actual as object)) compare((recorded as any)[k], (actual as any)[k], `${where}.${k}`, subs, problems, k, health);
    return;
  }
  if (recorded !== actual) problems.push(`${where}: ${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}`);
}

export function substitute(text: string, subs: Map<string, string>): string {
  let out = text;
  for (const [from, to] of subs) out = out.split(from).join(to);
  return out;
}

/**
 * Replays every request a real Vault 1.8 answered (test/fixtures/transcript.jsonl) against a fresh
 * dev server and asserts the same status, headers and body shape: the same keys at every level
 * and the same values except where a value is random per run (ids, tokens, timestamps).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';

interface Step {
  step: number;
  title: string;
  method: string;
  path: string;
  token: string | null;
  token_label: string;
  request_body: string | null;
  status: number;
  response_headers: Record<string, string>;
  response_body: string;
}

const steps: Step[] = readFileSync(join(__dirname, '../fixtures/transcript.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

/** Random per run: only the type must match. */
const IGNORED = new Set([
  'request_id',
  'accessor',
  'uuid',
  'client_token',
  'entity_id',
  'secret_id',
  'secret_id_accessor',
  'role_id',
  'created_time',
  'updated_time',
  'creation_time',
  'expire_time',
  'issue_time',
  'server_time_utc',
  'cluster_name',
  'cluster_id',
  'id',
  // health's `version` is the server build ("1.8.0-dev" recorded), not a KV version
]);
/** Values minted by the server that later requests must use in place of the recorded ones. */
const SUBSTITUTED = new Set(['client_token', 'accessor', 'role_id', 'secret_id', 'secret_id_accessor']);
/** Seconds left on a token: recorded one second after issue; allowed to differ by a little. */
const TOLERANT_SECONDS = new Set(['ttl']);

function compare(recorded: unknown, actual: unknown, where: string, subs: Map<string, string>, problems: string[], key = '', parentIsHealth = false): void {
  if (IGNORED.has(key) || (parentIsHealth && key === 'version')) {
    if (typeof recorded === 'string' && typeof actual === 'string' && SUBSTITUTED.has(key)) subs.set(recorded, actual);
    if (typeof recorded !== typeof actual) problems.push(`${where}: type ${typeof actual}, recorded ${typeof recorded}`);
    return;
  }
  if (key === 'deletion_time' && recorded !== '') {
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
    for (const k of rk) compare((recorded as any)[k], (actual as any)[k], `${where}.${k}`, subs, problems, k, health);
    return;
  }
  if (recorded !== actual) problems.push(`${where}: ${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}`);
}

function substitute(text: string, subs: Map<string, string>): string {
  let out = text;
  for (const [from, to] of subs) out = out.split(from).join(to);
  return out;
}

describe('replay of the real Vault 1.8 transcript', () => {
  let vault: VaultDevServer;
  const subs = new Map<string, string>();
  const lastTokenByLabel = new Map<string, string>();

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
  });
  afterAll(() => vault.stop());

  it('covers all 78 recorded requests', () => {
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 78 }, (_, i) => i + 1));
  });

  it.each(steps.map((s) => [s.step, s.title, s] as const))('step %i: %s', async (_n, _title, s) => {
    const headers: Record<string, string> = {};
    if (s.token) {
      lastTokenByLabel.set(s.token_label.replace(/^revoked /, ''), s.token);
      headers['X-Vault-Token'] = subs.get(s.token) ?? s.token;
    } else if (/Bearer/.test(s.title)) {
      // Recorded with `Authorization: Bearer <approle token>` (the jsonl's token field is null here).
      const recorded = lastTokenByLabel.get('approle token')!;
      headers.Authorization = `Bearer ${subs.get(recorded) ?? recorded}`;
    }
    if (s.request_body !== null) headers['Content-Type'] = 'application/json';
    const res = await request(`${vault.url}${substitute(s.path, subs)}`, {
      method: s.method as 'GET',
      headers,
      body: s.request_body === null ? undefined : substitute(s.request_body, subs),
    });
    const text = await res.body.text();

    expect(res.statusCode).toBe(s.status);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('no-store');
    if (s.response_body === '') {
      expect(text).toBe('');
      return;
    }
    const problems: string[] = [];
    compare(JSON.parse(s.response_body), JSON.parse(text), 'body', subs, problems);
    expect(problems).toEqual([]);
  });
});

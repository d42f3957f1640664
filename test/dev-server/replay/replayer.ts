/**
 * Replays recorded exchanges against a dev server, in order, and scores the answers: a row matches
 * when the status, the body shape and Vault's texts are the same (see compare.ts). Values the server
 * mints (tokens, accessors, ids) replace the recorded ones in later requests; the server's clock is
 * moved forward so that as much time passes between two requests as passed in the recording.
 */
import type { VaultDevServer } from '../../../dev/server';
import { compareBodies, substitute } from './compare';
import { samePem, type Moment } from './minted-values';
import { sendRaw, type RawResponse } from './raw-http';
import type { Row } from './transcript';

export interface Miss {
  step: number;
  title: string;
  problems: string[];
}

export interface ReplayReport {
  replayed: number;
  matched: number;
  skipped: number[];
  misses: Miss[];
}

/** Requests the recording script sent without recording them (state they set up, values they minted). */
export type Setup = (vault: VaultDevServer, subs: Map<string, string>, rows: Row[]) => Promise<void>;

export interface ReplayOptions {
  /** Steps that are deliberately different (dev/server/deliberate-differences.ts). */
  skip?: ReadonlySet<number>;
  /** Unrecorded traffic to send before a step. */
  before?: ReadonlyMap<number, Setup>;
  /** Recorded values to replace before the first step (material minted by the replay itself). */
  substitutions?: [string, string][];
  /** How a request reaches the server (default: plain TCP to vault.port). */
  send?: (row: Row, head: string, body: Buffer) => Promise<RawResponse>;
}

export async function replay(vault: VaultDevServer, rows: Row[], opts: ReplayOptions = {}): Promise<ReplayReport> {
  const subs = new Map<string, string>(opts.substitutions);
  const report: ReplayReport = { replayed: 0, matched: 0, skipped: [], misses: [] };
  let lastBearer: string | undefined;
  let previous: { recordedMs: number; sentMs: number } | undefined;
  for (const row of rows) {
    await opts.before?.get(row.step)?.(vault, subs, rows);
    if (opts.skip?.has(row.step)) {
      report.skipped.push(row.step);
      continue;
    }
    const recordedMs = row.time_utc ? Date.parse(row.time_utc) : undefined;
    if (recordedMs !== undefined && previous) {
      const lag = recordedMs - previous.recordedMs - (Date.now() - previous.sentMs);
      if (lag > 0) vault.advanceTime(lag / 1000);
    }
    if (row.token_label === 'approle token' && row.token) lastBearer = row.token;
    const body = Buffer.from(substitute(row.request_body ?? '', subs), 'utf8');
    const head = withLength(substitute(row.request_raw_head ?? headOf(row, lastBearer), subs), row.request_body === null ? undefined : body.length);
    const sentMs = Date.now();
    const moment: Moment | undefined = recordedMs === undefined ? undefined : { recordedMs, actualMs: vault.now };
    const res = await (opts.send ? opts.send(row, head, body) : sendRaw(vault.port, head, body));
    if (recordedMs !== undefined) previous = { recordedMs, sentMs };
    report.replayed++;
    const problems = judge(row, res, subs, moment);
    if (problems.length === 0) report.matched++;
    else report.misses.push({ step: row.step, title: row.title, problems });
  }
  return report;
}

const BINARY_PLACEHOLDER = /^<binary \d+ bytes>$/;

function judge(row: Row, res: RawResponse, subs: Map<string, string>, moment: Moment | undefined): string[] {
  const problems: string[] = [];
  if (res.status !== row.status) problems.push(`status ${res.status}, recorded ${row.status}`);
  const recordedType = headerOf(row.response_headers, 'content-type');
  if ((res.headers['content-type'] ?? '') !== recordedType) problems.push(`Content-Type ${JSON.stringify(res.headers['content-type'])}, recorded ${JSON.stringify(recordedType)}`);
  let recorded: unknown;
  let actual: unknown;
  try {
    recorded = JSON.parse(row.response_body);
  } catch {
    problems.push(...judgeRaw(row.response_body, res.body, subs));
    return problems;
  }
  try {
    actual = JSON.parse(res.body);
  } catch {
    return [...problems, `body is not JSON: ${JSON.stringify(res.body.slice(0, 300))}`];
  }
  return [...problems, ...compareBodies(recorded, actual, subs, moment)];
}

function headerOf(headers: Record<string, string>, name: string): string {
  const found = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return found ? headers[found] : '';
}

/** A body that is not JSON: text (same after substitution), PEM (same blocks) or binary (recorded only by its size). */
function judgeRaw(recorded: string, actual: string, subs: Map<string, string>): string[] {
  const expected = substitute(recorded, subs);
  if (actual === expected) return [];
  if (BINARY_PLACEHOLDER.test(recorded)) return actual.length ? [] : ['an empty body, recorded a binary one'];
  if (recorded.includes('-----BEGIN ')) {
    const verdict = samePem(recorded, actual);
    if (verdict === true) return [];
    return [`body ${verdict}`];
  }
  return [`body ${JSON.stringify(actual.slice(0, 300))}, recorded ${JSON.stringify(recorded.slice(0, 300))}`];
}

/** Transcript 1 has no raw head: the request as its recorder sent it. */
function headOf(row: Row, bearer: string | undefined): string {
  const lines = [`${row.method} ${row.path} HTTP/1.1`, 'Host: 127.0.0.1:8200'];
  if (row.token) lines.push(`X-Vault-Token: ${row.token}`);
  else if (/Bearer/.test(row.title) && bearer) lines.push(`Authorization: Bearer ${bearer}`);
  if (row.request_body !== null) lines.push('Content-Type: application/json');
  lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Substituted values may not have the recorded length. */
function withLength(head: string, length: number | undefined): string {
  if (length === undefined) return head;
  if (/\r\ncontent-length:/i.test(head)) return head.replace(/(\r\ncontent-length:)\s*\d+/i, `$1 ${length}`);
  return head.replace(/\r\n\r\n$/, `\r\nContent-Length: ${length}\r\n\r\n`);
}

export function formatReport(name: string, total: number, r: ReplayReport): string {
  const pct = ((100 * r.matched) / r.replayed).toFixed(1);
  const lines = [`${name}: ${r.matched}/${r.replayed} rows answered like Vault 1.8 (${pct}%), ${r.skipped.length} of ${total} skipped (the recording's .skip steps and the deliberate differences)${r.skipped.length ? ` (steps ${r.skipped.join(', ')})` : ''}`];
  for (const m of r.misses) lines.push(`  miss step ${m.step} (${m.title}):`, ...m.problems.slice(0, 6).map((p) => `      ${p}`));
  return lines.join('\n');
}

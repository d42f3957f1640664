/** The recorded exchanges with a real Vault 1.8 (test/fixtures/transcript*.jsonl). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Row {
  step: number;
  scenario?: string;
  title: string;
  method: string;
  /** As sent, with the query. */
  path: string;
  token: string | null;
  token_label: string;
  /** The exact bytes of the request line and headers (transcript 2 only). */
  request_raw_head?: string;
  request_body: string | null;
  status: number;
  response_headers: Record<string, string>;
  response_body: string;
  /** When the request was sent (transcript 2 only). */
  time_utc?: string;
}

export function loadTranscript(file: string): Row[] {
  return readFileSync(join(__dirname, '../../fixtures', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/**
 * The steps real Vault itself answers differently when the recording is replayed later
 * (test/fixtures/transcriptN.skip, one comma-separated line, shipped with the recording).
 */
export function loadSkipFile(file: string): ReadonlySet<number> {
  let text: string;
  try {
    text = readFileSync(join(__dirname, '../../fixtures', file.replace(/\.jsonl$/, '.skip')), 'utf8');
  } catch {
    return new Set();
  }
  return new Set(text.split(/[,\s]+/).filter(Boolean).map(Number));
}

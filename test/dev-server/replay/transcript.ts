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

/**
 * Replays every request a real Vault 1.8 answered (test/fixtures/transcript.jsonl and
 * transcript2.jsonl, sent byte for byte) against a fresh dev server with PATCH off, as in 1.8, and
 * scores the answers: status, body shape and Vault's texts (replay/compare.ts). The only rows not
 * compared are the deliberate differences listed in dev/server/deliberate-differences.ts.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { skippedSteps } from '../../dev/server/deliberate-differences';
import { formatReport, replay, type ReplayReport, type Setup } from './replay/replayer';
import { loadTranscript } from './replay/transcript';
import { transcript2Setup } from './replay/transcript2-setup';

const REQUIRED_SCORE = 0.95;

describe.each([
  ['transcript.jsonl', 78, undefined],
  ['transcript2.jsonl', 317, transcript2Setup],
] as const)('replay of the real Vault 1.8 recording %s', (file, rowCount, before: ReadonlyMap<number, Setup> | undefined) => {
  const rows = loadTranscript(file);
  let vault: VaultDevServer;
  let report: ReplayReport;

  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root', patchSupported: false });
    report = await replay(vault, rows, { skip: skippedSteps(file), before });
    // The score and every miss, for whoever reads the test output.
    process.stdout.write(`${formatReport(file, rows.length, report)}\n`);
  }, 60_000);
  afterAll(() => vault.stop());

  it(`has all ${rowCount} recorded rows, numbered in order`, () => {
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: rowCount }, (_, i) => i + 1));
  });

  it('skips only the deliberate differences and replays every other row', () => {
    expect(report.skipped).toEqual([...skippedSteps(file)].sort((a, b) => a - b));
    expect(report.replayed + report.skipped.length).toBe(rowCount);
  });

  it(`answers at least ${REQUIRED_SCORE * 100}% of the replayed rows like Vault`, () => {
    const score = report.matched / report.replayed;
    if (score < REQUIRED_SCORE) throw new Error(formatReport(file, rows.length, report));
    expect(score).toBeGreaterThanOrEqual(REQUIRED_SCORE);
  });
});

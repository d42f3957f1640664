/**
 * One jest suite per recording (or part of one): replays its rows against a fresh dev server, prints
 * the score and every miss, and asserts the score. The rows not compared are the recording's own
 * .skip steps (real Vault answers them differently on a later replay) and the deliberate differences
 * of dev/server/deliberate-differences.ts.
 */
import { startVaultDevServer, type VaultDevServer, type VaultDevServerOptions } from '../../../dev/server';
import { skippedSteps } from '../../../dev/server/deliberate-differences';
import { formatReport, replay, type ReplayOptions, type ReplayReport } from './replayer';
import { loadSkipFile, loadTranscript, type Row } from './transcript';

export const REQUIRED_SCORE = 0.98;

export interface ReplaySuite {
  file: string;
  /** Rows in the whole recording. */
  rowCount: number;
  /** The part replayed here (default: every row). */
  part?: { label: string; rows: (row: Row) => boolean };
  server: VaultDevServerOptions;
  /** Unrecorded traffic, transports, minted material (built once the server runs). */
  options?: (vault: VaultDevServer, all: Row[]) => Omit<ReplayOptions, 'skip'>;
}

export function describeReplay(suite: ReplaySuite): void {
  const { file, rowCount, part } = suite;
  const name = part ? `${file} (${part.label})` : file;
  describe(`replay of the real Vault 1.8 recording ${name}`, () => {
    const all = loadTranscript(file);
    const rows = part ? all.filter(part.rows) : all;
    const steps = new Set(rows.map((r) => r.step));
    const skip = new Set([...loadSkipFile(file), ...skippedSteps(file)].filter((s) => steps.has(s)));
    let vault: VaultDevServer;
    let report: ReplayReport;

    beforeAll(async () => {
      vault = await startVaultDevServer(suite.server);
      report = await replay(vault, rows, { ...suite.options?.(vault, all), skip });
      // The score and every miss, for whoever reads the test output.
      process.stdout.write(`${formatReport(name, rows.length, report)}\n`);
    }, 60_000);
    afterAll(() => vault?.stop());

    it(`has all ${rowCount} recorded rows, numbered in order`, () => {
      expect(all.map((r) => r.step)).toEqual(Array.from({ length: rowCount }, (_, i) => i + 1));
    });

    it('skips only the recording\'s .skip steps and the deliberate differences', () => {
      expect(report.skipped).toEqual([...skip].sort((a, b) => a - b));
      expect(report.replayed + report.skipped.length).toBe(rows.length);
    });

    it(`answers at least ${REQUIRED_SCORE * 100}% of the replayed rows like Vault`, () => {
      const score = report.matched / report.replayed;
      if (score < REQUIRED_SCORE) throw new Error(formatReport(name, rows.length, report));
      expect(score).toBeGreaterThanOrEqual(REQUIRED_SCORE);
    });
  });
}

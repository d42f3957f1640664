/**
 * Replays every request a real Vault 1.8 answered in test/fixtures/transcript.jsonl and
 * transcript2.jsonl (sent byte for byte) against a fresh dev server with PATCH off, as in 1.8, and
 * scores the answers: status, Content-Type, body shape and Vault's texts (replay/compare.ts).
 * Transcripts 3 and 4 have their own files (replay-transcript3.test.ts, replay-transcript4.test.ts).
 */
import { describeReplay } from './replay/suite';
import { transcript2Setup } from './replay/transcript2-setup';

describeReplay({ file: 'transcript.jsonl', rowCount: 78, server: { rootToken: 'root', patchSupported: false } });
describeReplay({
  file: 'transcript2.jsonl',
  rowCount: 317,
  server: { rootToken: 'root', patchSupported: false },
  options: () => ({ before: transcript2Setup }),
});

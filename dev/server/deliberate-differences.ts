/**
 * Where the dev server knowingly answers differently from the Vault 1.8 it was recorded against.
 * This is the only list of exceptions: the replay tests (test/dev-server/replay*.test.ts) skip
 * exactly the `skipped` rows named here, besides the steps each recording's own .skip file lists
 * (those real Vault answers differently on a later replay), and docs/dev-server.md repeats the list.
 */
export interface DeliberateDifference {
  topic: string;
  /** How the dev server differs and why. */
  reason: string;
  /** Recorded rows the replay does not compare, by transcript file. */
  skipped: Readonly<Record<string, readonly number[]>>;
  /** How the replay still compares the other rows of the topic, if it does. */
  replay?: string;
}

export const DELIBERATE_DIFFERENCES: readonly DeliberateDifference[] = [
  {
    topic: 'Namespaces',
    reason:
      'OSS Vault ignores X-Vault-Namespace; the dev server implements namespaces as Vault Enterprise and HCP Vault do ' +
      '(an unknown namespace is 404 "namespace not found"), because the piece must be tested with namespaces.',
    skipped: { 'transcript2.jsonl': [229, 230] },
  },
  {
    topic: 'KV v2 PATCH',
    reason:
      'On by default, as in every Vault since 1.9 (Vault 1.8 has no PATCH and answers 405). `patchSupported: false` ' +
      '(`--no-patch`) gives 1.8\'s answers.',
    skipped: {},
    replay: 'Every transcript is replayed with patchSupported: false, so its PATCH rows are compared, not skipped.',
  },
];

/** The steps of `transcript` that the replay skips. */
export function skippedSteps(transcript: string): ReadonlySet<number> {
  return new Set(DELIBERATE_DIFFERENCES.flatMap((d) => d.skipped[transcript] ?? []));
}

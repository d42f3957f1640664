/**
 * What the recording script of transcript 2 sent without recording it (listed at the top of
 * transcript2.txt), replayed at the same points: the 4,000 KV v1 keys of scenario 4, the wrapme
 * secret-id for the sealed login of scenario 5, and the unseal key "parsed from the dev server log".
 */
import { request } from 'undici';
import type { VaultDevServer } from '../../../dev/server';
import type { Row, } from './transcript';
import type { Setup } from './replayer';

const BIGV1_KEYS = 4000;

const fillBigV1: Setup = async (vault) => {
  for (let start = 0; start < BIGV1_KEYS; start += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) => start + j).map(async (i) => {
        const res = await request(`${vault.url}/v1/bigv1/k${String(i).padStart(5, '0')}`, {
          method: 'POST',
          headers: { 'X-Vault-Token': vault.rootToken, 'Content-Type': 'application/json' },
          body: JSON.stringify({ v: String(i) }),
        });
        await res.body.dump();
      }),
    );
  }
};

/** The recorded value of `field` in the body of the first request of `step`. */
function recordedField(rows: Row[], step: number, field: string): string {
  const row = rows.find((r) => r.step === step);
  return JSON.parse(row?.request_body ?? '{}')[field];
}

const mintWrapmeSecretId: Setup = async (vault, subs, rows) => {
  const res = await request(`${vault.url}/v1/auth/approle/role/wrapme/secret-id`, { method: 'POST', headers: { 'X-Vault-Token': vault.rootToken } });
  const body = (await res.body.json()) as { data: { secret_id: string } };
  subs.set(recordedField(rows, 273, 'secret_id'), body.data.secret_id);
};

const unsealKeyFromLog: Setup = async (vault: VaultDevServer, subs, rows) => {
  subs.set(recordedField(rows, 269, 'key'), vault.unsealKey);
};

export const transcript2Setup: ReadonlyMap<number, Setup> = new Map([
  [201, fillBigV1],
  [210, mintWrapmeSecretId],
  [269, unsealKeyFromLog],
]);

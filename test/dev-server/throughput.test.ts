import { Pool } from 'undici';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { createToken, kvPut, writePolicy } from '../helpers/vault-setup';

// Sanity only: many concurrent reads on pooled connections all succeed. The rate is measured by
// bench/dev-server-throughput.ts, never asserted here.
describe('many concurrent reads', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ rootToken: 'root' });
  });
  afterAll(() => vault.stop());

  it('answers 400 concurrent reads over 8 keep-alive connections correctly', async () => {
    await writePolicy(vault, 'r', 'path "secret/data/*" { capabilities = ["read"] }');
    const token = await createToken(vault, { policies: ['r'] });
    await kvPut(vault, 'secret', 'hot', { v: 'x' });
    const before = vault.openConnections();
    const pool = new Pool(vault.url, { connections: 8 });
    try {
      const results = await Promise.all(
        Array.from({ length: 400 }, async () => {
          const res = await pool.request({ method: 'GET', path: '/v1/secret/data/hot', headers: { 'x-vault-token': token } });
          return { status: res.statusCode, body: (await res.body.json()) as any };
        }),
      );
      expect(results.every((r) => r.status === 200 && r.body.data.data.v === 'x')).toBe(true);
      expect(vault.count({ path: 'secret/data/hot', method: 'GET' })).toBe(400);
      expect(vault.openConnections()).toBeLessThanOrEqual(before + 8);
    } finally {
      await pool.close();
    }
  });
});

/**
 * Issue 5 proofs over a simulated run: a 5-second token during a 20-second run, a token revoked
 * mid-run, and mount discovery asked once. Time moves with the dev server's `advanceTime`.
 */
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { readSecret } from '../../src/lib/actions/read-secret';
import { clientFor } from '../../src/lib/client-for';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { createVaultHttp } from '../../src/lib/vault/http';
import { createTokenSession } from '../../src/lib/vault/token-session';
import { runAction } from '../helpers/engine';
import { createAppRole, kvPut, rootRequest, writePolicy } from '../helpers/vault-setup';
import { configFor } from '../vault/transport/support';

let vault: VaultDevServer;
const SECRET_PATH = 'secret/data/app/db';

beforeAll(async () => {
  vault = await startVaultDevServer({ port: 0, rootToken: 'root-audit-5' });
  await writePolicy(vault, 'reader', 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n');
  await kvPut(vault, 'secret', 'app/db', { password: 'pw-audit-5' });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});
beforeEach(() => vault.clearRequests());

const logins = () => vault.count({ method: 'POST', path: 'auth/approle/login' });
const renewals = () => vault.count({ method: 'POST', path: 'auth/token/renew-self' });
const refused = () => vault.requests.filter((r) => r.status === 403).length;

async function appRoleProps(role: string) {
  const { roleId, secretId } = await createAppRole(vault, { role, policies: ['reader'], tokenTtl: '5s', tokenMaxTtl: '12s' });
  return { url: vault.url, authMethod: 'appRole', roleId, secretId, cacheTtlSeconds: 0 };
}

it('a 5-second token over a 20-second run is renewed before it expires, then replaced: no read fails or is refused', async () => {
  const props = await appRoleProps('short-lived');
  const http = createVaultHttp(configFor(vault, props));
  // The session reads the server's clock, so renewal timing follows the simulated time.
  const session = createTokenSession(configFor(vault, props), http, { now: () => vault.now });
  try {
    const tokens = new Set<string>();
    for (let second = 0; second <= 20; second++) {
      const res = await session.withToken((token) => {
        tokens.add(token);
        return http.request({ method: 'GET', path: SECRET_PATH, token });
      });
      expect(res.status).toBe(200);
      vault.advanceTime(1);
    }
    expect(refused()).toBe(0); // never waited for a 403: refreshed ahead of expiry
    expect(vault.count({ path: SECRET_PATH })).toBe(21); // no read had to be retried
    expect(renewals()).toBeGreaterThanOrEqual(1);
    expect(tokens.size).toBeGreaterThanOrEqual(2); // the 12 s max TTL forced fresh logins
    expect(logins()).toBe(tokens.size);
  } finally {
    await session.close();
    await http.close();
  }
});

it('through read_secret, a 5-second token over a 20-second run never fails a read', async () => {
  // The client here runs on real time while the server's clock jumps: expiry is met by the
  // 403 -> one fresh login -> one retry path, which the engine-shaped run must survive.
  const props = await appRoleProps('short-lived-action');
  for (let second = 0; second <= 20; second++) {
    const out = await runAction(readSecret, props, { reference: `${SECRET_PATH}/password` });
    expect(out.value).toBe('pw-audit-5');
    vault.advanceTime(1);
  }
  // 21 simulated seconds of 5-second tokens: a handful of logins, not one per read.
  expect(logins()).toBeGreaterThanOrEqual(4);
  expect(logins()).toBeLessThanOrEqual(6);
  expect(vault.count({ path: /sys\/internal\/ui\/mounts/ })).toBe(1);
});

it('a token revoked mid-run recovers with exactly one new login; discovery is asked once', async () => {
  const props = await appRoleProps('revoked-mid-run');
  for (let i = 0; i < 10; i++) {
    if (i === 5) {
      const current = await clientFor({ type: 'CUSTOM_AUTH', props }).token();
      const revoked = await rootRequest(vault, 'POST', 'auth/token/revoke', { token: current.clientToken });
      expect(revoked.status).toBe(204);
    }
    const out = await runAction(readSecret, props, { reference: `${SECRET_PATH}/password` });
    expect(out.value).toBe('pw-audit-5');
  }
  expect(logins()).toBe(2);
  expect(vault.count({ path: SECRET_PATH })).toBe(11); // 10 reads + the one retried after the 403
  expect(vault.count({ path: /sys\/internal\/ui\/mounts/ })).toBe(1);
});

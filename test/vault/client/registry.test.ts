import { startVaultDevServer } from '../../../dev/server';
import { clientFor } from '../../../src/lib/common/client';
import { closeAllVaultClients, getVaultClient, sweepIdleVaultClients } from '../../../src/lib/vault/registry';
import { enableKv, kvPut, testConfig } from '../../helpers/vault-setup';
import { wrapAuth } from '../../helpers/engine';

type Vault = Awaited<ReturnType<typeof startVaultDevServer>>;

describe('client registry', () => {
  let vault: Vault;

  beforeAll(async () => {
    vault = await startVaultDevServer({ port: 0, rootToken: 'root-reg' });
    await enableKv(vault, 'secret', 2);
    await kvPut(vault, 'secret', 'app/db', { password: 'p1' });
  });
  afterEach(() => closeAllVaultClients());
  afterAll(() => vault.stop());

  it('hands out one client per connection, a different one when anything differs', async () => {
    const base = testConfig(vault, { token: vault.rootToken });
    const a = getVaultClient(base);
    expect(getVaultClient({ ...base })).toBe(a);
    const variants = [
      { token: 'other-token' },
      { namespace: 'ns1' },
      { pathPrefix: 'secret/team/' },
      { accessMode: 'read_only' as const },
      { kvVersion: 2 as const },
      { cacheTtlSeconds: 5 },
      { tlsSkipVerify: true },
      { caCertificate: '-----BEGIN CERTIFICATE-----x' },
      { requestTimeoutMs: 1234 },
    ];
    const clients = new Set([a, ...variants.map((v) => getVaultClient({ ...base, ...v }))]);
    expect(clients.size).toBe(1 + variants.length);
    await closeAllVaultClients();
    expect(sweepIdleVaultClients(Date.now() + 24 * 3600_000)).toBe(0); // nothing left to close
    expect(getVaultClient(base)).not.toBe(a);
  });

  it('shares the token and the cache between uses of the same connection', async () => {
    vault.clearRequests();
    const config = testConfig(vault, { token: vault.rootToken });
    await getVaultClient(config).kv.read('secret/app/db');
    await getVaultClient({ ...config }).kv.read('secret/app/db');
    expect(vault.count({ path: /secret\/data\/app\/db$/ })).toBe(1);
  });

  it('clientFor takes the wrapped auth actions receive and the flat props validate receives', async () => {
    const props = { url: `${vault.url}/v1/`, authMethod: 'token', token: vault.rootToken };
    const wrapped = clientFor(wrapAuth(props));
    expect(clientFor(props)).toBe(wrapped);
    expect(wrapped.config.url).toBe(vault.url);
    expect((await wrapped.kv.readReference('secret/data/app/db/password')).value).toBe('p1');
  });

  it('closes the clients of connections nobody used for longer than their cache lifetime, and only those', async () => {
    const t0 = Date.now();
    const shortConfig = testConfig(vault, { token: vault.rootToken, cacheTtlSeconds: 60 });
    const longConfig = testConfig(vault, { token: vault.rootToken, cacheTtlSeconds: 3600 });
    const short = getVaultClient(shortConfig);
    const long = getVaultClient(longConfig);
    await long.kv.read('secret/app/db');

    expect(sweepIdleVaultClients(t0 + 5 * 60_000)).toBe(0); // both still within their idle time
    expect(sweepIdleVaultClients(t0 + 30 * 60_000)).toBe(1); // the 1-minute-cache one is gone
    expect(getVaultClient(longConfig)).toBe(long); // still cached, same token
    expect(getVaultClient(shortConfig)).not.toBe(short); // a fresh client when used again
    expect(sweepIdleVaultClients(Date.now() + 2 * 3600_000)).toBe(2); // after the hour, both go
    expect(sweepIdleVaultClients(Date.now() + 2 * 3600_000)).toBe(0);
  });
});

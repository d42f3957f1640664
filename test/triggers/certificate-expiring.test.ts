/**
 * `certificate_expiring`: the polling hooks run as the engine runs them (wrapped auth,
 * a store kept between polls) against the dev server's PKI engine. Time moves by `Date.now`, which
 * the piece and the in-process dev server (its clock is real time plus `advanceTime`) both read.
 */
import { issueCertificate } from '../../src/lib/actions/issue-certificate';
import { revokeCertificate } from '../../src/lib/actions/revoke-certificate';
import { certificateExpiringTrigger as definedTrigger } from '../../src/lib/triggers/certificate-expiring';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { rootAuth, rootRequest, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { MemoryStore, pollingHooks, runAction, triggerContext } from '../helpers/engine';

const trigger = pollingHooks(definedTrigger);

const DAY = 86_400;
let vault: VaultDevServer;
let offsetSeconds = 0;
const realNow = Date.now.bind(Date);

/** Moves the piece's clock and the dev server's (which reads the same `Date.now`) forward together. */
function advanceDays(days: number) {
  offsetSeconds += days * DAY;
}

beforeAll(async () => {
  vault = await startVault();
  await rootRequest(vault, 'POST', 'sys/mounts/pki', { type: 'pki', config: { max_lease_ttl: '87600h' } });
  await rootRequest(vault, 'POST', 'pki/root/generate/internal', { common_name: 'Trigger Test CA', ttl: '87600h' });
  await rootRequest(vault, 'POST', 'pki/roles/svc', { allowed_domains: 'example.com', allow_subdomains: true, max_ttl: '720h', key_type: 'ec', key_bits: 256 });
  await rootRequest(vault, 'POST', 'sys/mounts/other-pki', { type: 'pki', config: { max_lease_ttl: '87600h' } });
  await rootRequest(vault, 'POST', 'other-pki/root/generate/internal', { common_name: 'Other CA', ttl: '87600h' });
  await rootRequest(vault, 'POST', 'other-pki/roles/svc', { allow_any_name: true, max_ttl: '720h', key_type: 'ec', key_bits: 256 });
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetSeconds * 1000);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await closeAllVaultClients();
  await vault?.stop();
});

const issue = async (cn: string, ttlDays: number, pkiPath = 'pki') =>
  (await runAction(issueCertificate, rootAuth(vault), { pkiPath, role: 'svc', commonName: cn, ttl: `${ttlDays * 24}h` })) as { serialNumber: string; privateKey: string };

describe('certificate_expiring trigger', () => {
  it('fires once per certificate entering the window, again for its renewal, never for revoked ones; state holds serials only', async () => {
    const store = new MemoryStore();
    const ctx = () => triggerContext(rootAuth(vault), { pkiPath: 'pki', withinDays: 3 }, store);
    const poll = async () => (await trigger.run(ctx())) as any[];

    const far = await issue('far.example.com', 8);
    const near = await issue('near.example.com', 2);
    await trigger.onEnable(ctx());
    expect(await poll()).toEqual([]); // `near` was already in the window at enable time

    const fresh = await issue('fresh.example.com', 1);
    const revoked = await issue('revoked.example.com', 1);
    await runAction(revokeCertificate, rootAuth(vault), { serialNumber: revoked.serialNumber });
    const events = await poll();
    expect(events).toEqual([
      {
        event: 'expiring',
        serialNumber: fresh.serialNumber,
        commonName: 'fresh.example.com',
        notAfter: expect.stringMatching(/Z$/),
        daysLeft: 1,
        pkiPath: 'pki',
        withinDays: 3,
      },
    ]);
    expect(await poll()).toEqual([]);

    // 6 days later: `far` has 2 days left and enters the window; the others have expired.
    advanceDays(6);
    expect((await poll()).map((e) => [e.commonName, e.serialNumber])).toEqual([['far.example.com', far.serialNumber]]);
    expect(await poll()).toEqual([]);

    // Renewed (a new certificate, new serial) for 8 days: quiet until it, in turn, gets close.
    const renewed = await issue('far.example.com', 8);
    expect(await poll()).toEqual([]);
    advanceDays(6);
    expect((await poll()).map((e) => [e.commonName, e.serialNumber])).toEqual([['far.example.com', renewed.serialNumber]]);
    expect(await poll()).toEqual([]);

    const state = await store.get<{ serials: string[] }>('vault_certificate_expiring_state');
    expect(Object.keys(state!)).toEqual(['serials']);
    expect(state!.serials).toEqual([renewed.serialNumber]);
    for (const s of state!.serials) expect(s).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2})+$/);
    const dump = store.dump();
    expect(dump).not.toMatch(/BEGIN|PRIVATE/);
    for (const cert of [far, near, fresh, renewed]) expect(dump).not.toContain(cert.privateKey.slice(40, 80));

    await trigger.onDisable(ctx());
    expect(await store.get('vault_certificate_expiring_state')).toBeNull();
  });

  it('watches the mount given, with the default window of 14 days; test() samples the certificates in the window', async () => {
    const inside = await issue('inside.example.org', 13, 'other-pki');
    await issue('outside.example.org', 15, 'other-pki');
    const store = new MemoryStore();
    const ctx = () => triggerContext(rootAuth(vault), { pkiPath: 'other-pki' }, store);
    await trigger.onEnable(ctx());
    const soon = await issue('soon.example.org', 2, 'other-pki');
    const events = (await trigger.run(ctx())) as any[];
    expect(events.map((e) => [e.serialNumber, e.pkiPath, e.withinDays])).toEqual([[soon.serialNumber, 'other-pki', 14]]);

    const sample = (await trigger.test(triggerContext(rootAuth(vault), { pkiPath: 'other-pki', withinDays: 14 }))) as any[];
    expect(sample.map((e) => e.serialNumber).sort()).toEqual([inside.serialNumber, soon.serialNumber].sort());
  });

  it('is a read: refused on a write-only connection before any request', async () => {
    vault.clearRequests();
    const ctx = triggerContext(rootAuth(vault, { accessMode: 'write_only' }), { pkiPath: 'pki', withinDays: 14 });
    await expect(trigger.onEnable(ctx)).rejects.toThrow(/write-only/);
    expect(vault.count({ path: /pki\// })).toBe(0);
    await expect(trigger.onEnable(triggerContext(rootAuth(vault), { pkiPath: 'pki', withinDays: 0 }))).rejects.toThrow(/Within days/);
  });
});

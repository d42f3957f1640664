/**
 * The optimised bundle (`scripts/bundle.ts`, what `npm run pack` ships) loads less and
 * later, but the engine must see the same piece. Both bundles are built here, each loaded in a
 * fresh `node` from a temp folder with no node_modules above it; the optimised one is then driven
 * through validate, a dropdown, a write and a read against the dev server.
 * Load times are measured in `bench/load.ts`, never here.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVaultDevServer } from '../../dev/server';
import { bundle, type BundleMode, type BundleResult, ENTRY } from '../../scripts/bundle';
import { runProbe } from '../../scripts/run-probe';
import { createAppRole, rootRequest, writePolicy } from '../helpers/vault-setup';

type DevServer = Awaited<ReturnType<typeof startVaultDevServer>>;

const POLICY = `
path "secret/data/optimised/*" { capabilities = ["create", "read", "update", "patch"] }
path "secret/metadata/optimised/*" { capabilities = ["read", "list"] }
path "sys/internal/ui/mounts/*" { capabilities = ["read"] }
path "transit/keys/*" { capabilities = ["read", "list"] }
`;

let work: string;
let vault: DevServer;
const built: Partial<Record<BundleMode, BundleResult & { path: string }>> = {};


/** The probe scripts under the current node (or PROBE_NODE). */
const run = (script: string, input: Record<string, unknown>) => runProbe({ cwd: work, script, input, node: process.env.PROBE_NODE });

function inputs(mode: BundleMode): string[] {
  return Object.keys(Object.values(built[mode]!.metafile.outputs)[0].inputs);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vault-optimised-test-'));
  copyFileSync(join(__dirname, 'fixtures/engine-probe.js'), join(work, 'engine-probe.js'));
  copyFileSync(join(__dirname, 'fixtures/metadata-probe.js'), join(work, 'metadata-probe.js'));
  for (const mode of ['plain', 'optimised'] as const) {
    mkdirSync(join(work, mode));
    const path = join(work, mode, 'index.js');
    built[mode] = { ...(await bundle({ entry: ENTRY, outfile: path, mode })), path };
  }
  vault = await startVaultDevServer({ port: 0 });
}, 60_000);

afterAll(async () => {
  await vault?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the optimised bundle', () => {
  it('gives the engine the same piece as the plain one: metadata() deeply equal, same exports', async () => {
    const [plain, optimised] = await Promise.all([
      run('metadata-probe.js', { bundle: built.plain!.path }),
      run('metadata-probe.js', { bundle: built.optimised!.path }),
    ]);
    expect(plain.exportName).toBe('hashicorpVault');
    // Sanity: the deep dump holds every action's and trigger's props and the auth's validate.
    expect(Object.keys(plain.metadata.props.actions.props)).toContain('write_secret');
    expect(JSON.stringify(plain.metadata)).toContain('{"$function":"validate"');
    expect(optimised).toEqual(plain);
  });

  it('carries one zod, neither barrel of the framework packages nor undici\'s index, and is at most 1.0 MB', () => {
    const plain = inputs('plain');
    const optimised = inputs('optimised');
    // The plain bundle has both zod builds and the barrels; the optimised one, one zod (ESM).
    expect(plain.some((f) => /node_modules\/zod\/.*\.cjs$/.test(f))).toBe(true);
    expect(optimised.some((f) => /node_modules\/zod\/.*\.cjs$/.test(f))).toBe(false);
    expect(optimised).toContain('node_modules/zod/v4/classic/external.js');
    for (const barrel of ['node_modules/@activepieces/shared/src/index.js', 'node_modules/undici/index.js']) {
      expect(plain).toContain(barrel);
      expect(optimised).not.toContain(barrel);
    }
    expect(built.optimised!.report.facades).toBeGreaterThan(0);
    expect(built.optimised!.report.kept.filter((k) => !k.includes('/agents/index.js'))).toEqual([]);
    expect(built.optimised!.bytes).toBeLessThanOrEqual(1_000_000);
    expect(built.optimised!.bytes).toBeLessThan(built.plain!.bytes / 2);
  });

  it('validates, lists a dropdown, writes and reads back through the actions against the dev server', async () => {
    await rootRequest(vault, 'POST', 'sys/mounts/transit', { type: 'transit' });
    await rootRequest(vault, 'POST', 'transit/keys/orders', {});
    await writePolicy(vault, 'optimised', POLICY);
    const { roleId, secretId } = await createAppRole(vault, { role: 'optimised', policies: ['optimised'] });
    const auth = { url: vault.url, authMethod: 'appRole', roleId, secretId };
    const value = `optimised-pw-${Date.now()}`;
    const out = await run('engine-probe.js', {
      scenario: 'single',
      bundles: [built.optimised!.path],
      auth,
      wrongSecretId: 'not-the-secret-id-52c4e0',
      value,
      kvDir: 'optimised',
    });
    expect(out.crashed).toBeUndefined();
    expect(out.validate).toEqual({ ok: { valid: true } });
    expect(out.validateWrong.ok.valid).toBe(false);
    expect(out.dropdown.ok.options.map((o: { value: string }) => o.value)).toContain('orders');
    expect(out.write.error).toBeUndefined();
    expect(out.read).toEqual({ ok: expect.objectContaining({ value, key: 'password' }) });
    expect(vault.count({ method: 'GET', path: /^secret\/data\/optimised\/db$/ })).toBeGreaterThanOrEqual(1);
  });
});

/**
 * The piece's connection check against a Vault that is not ready, called as the engine calls it:
 * `auth.validate` with FLAT props over real HTTP. Before `sys/init` and while sealed it must say so
 * (the person must ask an admin, not fix the token); once unsealed the same props are valid.
 */
import * as pieceModule from '../../src';
import { startVaultDevServer, type VaultDevServer } from '../../dev/server';
import { call } from './call';

type Validate = (params: { auth: Record<string, unknown>; server: Record<string, string> }) => Promise<{ valid: boolean; error?: string }>;

const piece = pieceModule.hashicorpVault as unknown as { auth: { validate: Validate } | { validate: Validate }[] };
const auth = Array.isArray(piece.auth) ? piece.auth[0] : piece.auth;
const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/' };

describe('the piece checks a connection to a Vault that is not initialised or sealed', () => {
  let vault: VaultDevServer;
  beforeAll(async () => {
    vault = await startVaultDevServer({ uninitialized: true });
  });
  afterAll(async () => {
    await (pieceModule as { closeAllVaultClients?: () => Promise<void> }).closeAllVaultClients?.();
    await vault.stop();
  });

  const check = (token: string) => auth.validate({ auth: { url: vault.url, authMethod: 'token', token }, server });

  it('says the Vault is not initialised', async () => {
    const result = await check('s.not-a-real-token-000000');
    expect(result.valid).toBe(false);
    expect(result.error).toMatch(/not initiali[sz]ed/i);
    expect(result.error).not.toContain('s.not-a-real-token-000000');
  });

  it('says the Vault is sealed once initialised, and accepts the root token once unsealed', async () => {
    const init = await call(vault, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
    const rootToken: string = init.body.root_token;
    const sealed = await check(rootToken);
    expect(sealed.valid).toBe(false);
    expect(sealed.error).toMatch(/sealed/i);
    expect(sealed.error).not.toContain(rootToken);

    expect((await call(vault, 'PUT', 'sys/unseal', { body: { key: init.body.keys_base64[0] } })).body.sealed).toBe(false);
    await expect(check(rootToken)).resolves.toEqual({ valid: true });
  });
});

/**
 * References resolved against the dev server over real HTTP: every form, KV v1 and v2, connection
 * value shapes, one read per secret, policy and connection restrictions, skip mode, the provider.
 */
import { AppConnectionType } from '@activepieces/shared';
import type { CustomAuthConnectionValue, OAuth2ConnectionValueWithApp } from '@activepieces/shared';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { clientFor } from '../../src/lib/common/client';
import { resolveReferencesAction, resolveWithVault } from '../../src/lib/references';
import { createAppRole, createNamespace, createToken, enableKv, kvPut, startVault, type VaultDevServer, writePolicy } from '../helpers/vault-setup';
import { runAction, wrapAuth } from '../helpers/engine';

const DB_PASSWORD = 'pg-pass-Zq81!';
const API_TOKEN = 'tok_live_9f8e7d';

describe('secret references against Vault', () => {
  let vault: VaultDevServer;
  let auth: Record<string, unknown>;

  beforeAll(async () => {
    vault = await startVault({ rootToken: 'root-refs' });
    await enableKv(vault, 'kvrefs', 2);
    await enableKv(vault, 'kv1refs', 1);
    await kvPut(vault, 'kvrefs', 'app/db', { user: 'svc', password: DB_PASSWORD, port: 5432, empty: '', off: false, zero: 0 });
    await kvPut(vault, 'kvrefs', 'app/api', { token: API_TOKEN });
    await kvPut(vault, 'kvrefs', 'other/x', { key: 'forbidden-value' });
    await kvPut(vault, 'kv1refs', 'legacy/app', { token: 'v1-token-value' });
    auth = { url: vault.url, authMethod: 'token', token: vault.rootToken };
  });

  afterAll(async () => {
    await closeAllVaultClients();
    await vault?.stop();
  });

  it('resolves all three forms on KV v2 and a KV v1 reference, nested in objects and arrays', async () => {
    const value = {
      headers: { Authorization: 'Bearer [[vault:kvrefs/data/app/api/token]]' },
      list: ['{{hashicorp:kvrefs/data/app/db/user}}', ['{{ conn42 |ap_sep_v1| kvrefs/data/app/db/password }}']],
      legacy: '{{vault:kv1refs/legacy/app/token}}',
      port: '{{vault:kvrefs/data/app/db/port}}',
      untouched: 'no refs {{step_1.output}}',
    };
    const snapshot = JSON.stringify(value);
    const out = await runAction(resolveReferencesAction, auth, { value, onError: 'fail' });
    expect(out).toEqual({
      headers: { Authorization: `Bearer ${API_TOKEN}` },
      list: ['svc', [DB_PASSWORD]],
      legacy: 'v1-token-value',
      port: 5432,
      untouched: 'no refs {{step_1.output}}',
    });
    expect(JSON.stringify(value)).toBe(snapshot);
  });

  it('treats empty string, 0 and false as values', async () => {
    const out = await runAction(resolveReferencesAction, auth, {
      value: { e: '{{vault:kvrefs/data/app/db/empty}}', f: '{{vault:kvrefs/data/app/db/off}}', z: '{{vault:kvrefs/data/app/db/zero}}' },
    });
    expect(out).toEqual({ e: '', f: false, z: 0 });
  });

  it('resolves real connection values of other pieces through the shared client', async () => {
    const client = clientFor(wrapAuth(auth));
    const custom: CustomAuthConnectionValue = {
      type: AppConnectionType.CUSTOM_AUTH,
      props: { host: 'db.internal', user: '{{vault:kvrefs/data/app/db/user}}', password: '{{vault:kvrefs/data/app/db/password}}' },
    };
    const oauth = {
      type: AppConnectionType.OAUTH2,
      client_id: 'app',
      client_secret: '{{vault:kvrefs/data/app/api/token}}',
      redirect_url: 'https://example.com/cb',
      token_type: 'Bearer',
      access_token: 'at',
      claimed_at: 0,
      refresh_token: 'rt',
      scope: '',
      token_url: 'https://example.com/token',
      data: {},
    } satisfies OAuth2ConnectionValueWithApp;
    const [c, o] = await Promise.all([resolveWithVault(custom, { client }), resolveWithVault(oauth, { client })]);
    expect(c.props).toEqual({ host: 'db.internal', user: 'svc', password: DB_PASSWORD });
    expect(o.client_secret).toBe(API_TOKEN);
    expect(custom.props.password).toBe('{{vault:kvrefs/data/app/db/password}}');
  });

  it('picks a client per secret-manager connection id when the embedder maps them', async () => {
    await createNamespace(vault, 'refns');
    await enableKv(vault, 'kvrefs', 2, 'refns');
    await kvPut(vault, 'kvrefs', 'app/api', { token: 'ns-scoped-token' }, 'refns');
    const client = clientFor(wrapAuth(auth));
    const nsClient = clientFor(wrapAuth({ ...auth, namespace: 'refns' }));
    const value = {
      mapped: '{{conn_ns|ap_sep_v1|kvrefs/data/app/api/token}}',
      unknownId: '{{conn_other|ap_sep_v1|kvrefs/data/app/api/token}}',
      plain: '{{vault:kvrefs/data/app/api/token}}',
    };
    const out = await resolveWithVault(value, { client, connectionsById: async (id) => (id === 'conn_ns' ? nsClient : undefined) });
    expect(out).toEqual({ mapped: 'ns-scoped-token', unknownId: API_TOKEN, plain: API_TOKEN });
    await expect(resolveWithVault(value, { connectionsById: { conn_ns: nsClient } })).rejects.toThrow(/conn_other/);
  });

  it('reads a secret once however many of its keys are referenced (value cache off)', async () => {
    const noCache = { ...auth, cacheTtlSeconds: 0 };
    const refs = Array.from({ length: 20 }, (_, i) => `{{vault:kvrefs/data/app/db/${i % 2 ? 'user' : 'password'}}}`);
    vault.clearRequests();
    await runAction(resolveReferencesAction, noCache, { value: { refs, text: refs.join(' ') } });
    expect(vault.count({ method: 'GET', path: /^kvrefs\/data\/app\/db$/ })).toBe(1);
  });

  it('fails on a missing key naming the reference and the keys present, never a value', async () => {
    const error = await runAction(resolveReferencesAction, auth, {
      value: { ok: '{{vault:kvrefs/data/app/db/password}}', bad: '{{vault:kvrefs/data/app/db/passwrd}}' },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('{{vault:kvrefs/data/app/db/passwrd}}');
    expect(error.message).toContain('"password"');
    expect(error.message).not.toContain(DB_PASSWORD);
  });

  it('fails on a path the policy forbids (403), naming the reference', async () => {
    await writePolicy(vault, 'refs-app-only', 'path "kvrefs/data/app/*" { capabilities = ["read"] }');
    const token = await createToken(vault, { policies: ['refs-app-only'] });
    const limited = { url: vault.url, authMethod: 'token', token, kvVersion: '2' };
    const ok = await runAction(resolveReferencesAction, limited, { value: '{{vault:kvrefs/data/app/api/token}}' });
    expect(ok).toBe(API_TOKEN);
    const error = await runAction(resolveReferencesAction, limited, { value: 'x={{vault:kvrefs/data/other/x/key}}' }).catch((e) => e);
    expect(error.message).toContain('{{vault:kvrefs/data/other/x/key}}');
    expect(error.message).toMatch(/permission denied|not allowed|403/i);
    expect(error.message).not.toContain('forbidden-value');
    expect(error.message).not.toContain(token);
  });

  it('with onError skip returns what resolved and lists the rest, left as they were', async () => {
    const out = await runAction(resolveReferencesAction, auth, {
      value: { a: 'Bearer {{vault:kvrefs/data/app/api/token}}', b: '{{vault:kvrefs/data/nope/key}}', c: '{{vault:bad}}' },
      onError: 'skip',
    });
    expect(out.value).toEqual({ a: `Bearer ${API_TOKEN}`, b: '{{vault:kvrefs/data/nope/key}}', c: '{{vault:bad}}' });
    expect(out.unresolved.map((u: { reference: string }) => u.reference).sort()).toEqual(['{{vault:bad}}', '{{vault:kvrefs/data/nope/key}}']);
  });

  it('honours the connection access mode and path prefix', async () => {
    const writeOnly = { ...auth, accessMode: 'write_only' };
    await expect(runAction(resolveReferencesAction, writeOnly, { value: '{{vault:kvrefs/data/app/api/token}}' })).rejects.toThrow(
      /{{vault:kvrefs\/data\/app\/api\/token}}/,
    );
    const prefixed = { ...auth, pathPrefix: 'kvrefs/app/' };
    expect(await runAction(resolveReferencesAction, prefixed, { value: '{{vault:kvrefs/data/app/api/token}}' })).toBe(API_TOKEN);
    await expect(runAction(resolveReferencesAction, prefixed, { value: '{{vault:kvrefs/data/other/x/key}}' })).rejects.toThrow(
      /{{vault:kvrefs\/data\/other\/x\/key}}/,
    );
  });
});

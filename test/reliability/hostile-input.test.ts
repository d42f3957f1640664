/**
 * Issue 22, classes 2, 3 and 5, through the actions and triggers as the engine runs them:
 * - input that made a regular expression quadratic (slash runs, repeated PEM headers) is refused
 *   by a length limit before any request, or handled by a linear scan;
 * - nesting past `MAX_JSON_DEPTH` is refused (writes) or an unexpected answer (reads), never a
 *   `RangeError`, and scrubbing reaches every depth;
 * - errors quote at most a short excerpt of what was typed, and never a secret in any form Vault
 *   echoes it (JSON, Go `%q`, short values quoted).
 * No timing assertions: the work is bounded by the limits the messages name.
 */
import { inspect } from 'node:util';
import { vaultAuth } from '../../src';
import {
  clearCache,
  createToken,
  customApiCall,
  deleteSecret,
  getSecret,
  getSecretMetadata,
  listSecrets,
  readSecret,
  transitEncrypt,
  writeSecret,
} from '../../src/lib/actions';
import { issueCertificate } from '../../src/lib/actions/issue-certificate';
import { listCertificates } from '../../src/lib/actions/list-certificates';
import { readDynamicSecret } from '../../src/lib/actions/read-dynamic-secret';
import { signCertificate } from '../../src/lib/actions/sign-certificate';
import { resolveReferencesAction } from '../../src/lib/references';
import { certificateExpiringTrigger } from '../../src/lib/triggers/certificate-expiring';
import { newSecretTrigger } from '../../src/lib/triggers/new-secret';
import { secretUpdatedTrigger } from '../../src/lib/triggers/secret-updated';
import { MAX_JSON_DEPTH } from '../../src/lib/vault/json-walk';
import { applyMergePatch } from '../../src/lib/vault/kv/merge-patch';
import { MAX_PATH_LENGTH } from '../../src/lib/vault/paths';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import { errorOf, runFailing } from '../helpers/errors';
import { pollingHooks, runAction, triggerContext } from '../helpers/engine';
import { enableKv, kvPut, rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';
import { unclearError } from './support';

let vault: VaultDevServer;
const SECRET = 'H0STILE-secret-value-7f3a';

beforeAll(async () => {
  vault = await startVault();
  await enableKv(vault, 'kv1', 1);
  await enableKv(vault, 'kv2', 2);
  await kvPut(vault, 'kv2', 'app/db', { password: SECRET });
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});
beforeEach(() => {
  vault.clearRequests();
  vault.clearFaults();
});

/** The JSON text of `nested(depth)`, built without recursion (the dev server sends a Buffer as it is). */
function nestedJson(depth: number, leaf = '"leaf"'): Buffer {
  return Buffer.from(`${'{"n":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`);
}

function nested(depth: number, leaf: unknown = 'leaf'): any {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

/** Everything a person or a log may see of an error. */
function shownOf(e: unknown): string {
  const err = e as Error;
  return [err.message, inspect(err), JSON.stringify(err), JSON.stringify({ ...err })].join('\n');
}

function expectNoLeak(e: unknown, ...secrets: string[]): void {
  const shown = shownOf(e);
  for (const s of secrets) expect(shown).not.toContain(s);
}

const slashRun = (n: number) => `a${'/'.repeat(n)}b`;
const LIMIT_MESSAGE = new RegExp(`at most ${MAX_PATH_LENGTH}|longer than ${MAX_PATH_LENGTH}`);
const CSR = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----';

describe('class 2: input that made regular expressions quadratic', () => {
  const pathCases = (path: string): Array<[string, Parameters<typeof runAction>[0], Record<string, unknown>]> => [
    ['custom_api_call path', customApiCall, { method: 'GET', path }],
    ['read_secret reference', readSecret, { reference: path }],
    ['read_dynamic_secret path', readDynamicSecret, { path }],
    ['issue_certificate pkiPath', issueCertificate, { pkiPath: path, role: 'r', commonName: 'x.example.com' }],
    ['sign_certificate pkiPath', signCertificate, { pkiPath: path, role: 'r', csr: CSR }],
    ['list_certificates pkiPath', listCertificates, { pkiPath: path }],
    ['transit_encrypt transitPath', transitEncrypt, { transitPath: path, key: 'k', plaintext: 'p' }],
    ['get_secret path', getSecret, { path }],
    ['get_secret_metadata path', getSecretMetadata, { path }],
    ['write_secret path', writeSecret, { path, data: { k: 'v' } }],
    ['list_secrets path', listSecrets, { path }],
    ['delete_secret path', deleteSecret, { path }],
    ['clear_cache path', clearCache, { path }],
  ];

  it.each([64 * 1024, 256 * 1024])('a %i-slash run in every path prop is refused by the length limit before any request', async (n) => {
    const failures: string[] = [];
    for (const [what, action, props] of pathCases(slashRun(n))) {
      const e = await runFailing(action, rootAuth(vault), props);
      if (!LIMIT_MESSAGE.test(e.message)) failures.push(`${what}: ${e.message.slice(0, 300)}`);
      if (unclearError(e)) failures.push(`${what}: ${unclearError(e)}`);
      // The error quotes an excerpt, never the whole input.
      if (e.message.length > 1_000) failures.push(`${what}: a message of ${e.message.length} characters`);
    }
    expect(failures).toEqual([]);
    expect(vault.requests).toEqual([]);
  });

  it('a path of exactly the limit is still checked by the usual rules (not refused for its length)', async () => {
    const path = `kv2/${'x'.repeat(MAX_PATH_LENGTH - 4)}`;
    const e = await runFailing(getSecret, rootAuth(vault), { path });
    expect(e.message).not.toMatch(LIMIT_MESSAGE);
    const over = await runFailing(getSecret, rootAuth(vault), { path: `${path}x` });
    expect(over.message).toMatch(LIMIT_MESSAGE);
  });

  it('the triggers refuse a slash run in their path before any request', async () => {
    const path = slashRun(64 * 1024);
    for (const [trigger, props] of [
      [secretUpdatedTrigger, { path }],
      [newSecretTrigger, { folder: path }],
      [certificateExpiringTrigger, { pkiPath: path }],
    ] as const) {
      const e = await errorOf(pollingHooks(trigger).onEnable(triggerContext(rootAuth(vault), props)), Error);
      expect(e.message).toMatch(LIMIT_MESSAGE);
      expect(e.message.length).toBeLessThan(1_000);
    }
    expect(vault.requests).toEqual([]);
  });

  it('a connection whose path prefix, namespace or login mount is a slash run is refused before any request', async () => {
    for (const field of ['pathPrefix', 'namespace']) {
      const e = await runFailing(getSecret, rootAuth(vault, { [field]: slashRun(64 * 1024) }), { path: 'kv2/app/db' });
      expect(e.message).toMatch(/not a valid Vault path/);
      expect(e.message.length).toBeLessThan(1_000);
    }
    const validated = await vaultAuth.validate!({ auth: rootAuth(vault, { pathPrefix: slashRun(64 * 1024) }) as never, server: {} as never });
    expect(validated).toMatchObject({ valid: false });
    expect(vault.requests).toEqual([]);
  });

  it('on a connection with a path prefix, 64 KB of "data/" segments is refused by its length before the prefix check walks it', async () => {
    const auth = rootAuth(vault, { pathPrefix: 'kv2/app/' });
    const path = `kv2/${'data/'.repeat(13_000)}x`;
    for (const [action, props] of [
      [getSecret, { path }],
      [writeSecret, { path, data: { k: 'v' } }],
      [deleteSecret, { path }],
      [getSecretMetadata, { path }],
      [listSecrets, { path }],
      [customApiCall, { method: 'GET', path }],
      [readSecret, { reference: path }],
    ] as const) {
      const e = await runFailing(action, auth, props);
      expect(e.message).toMatch(LIMIT_MESSAGE);
    }
    const e = await errorOf(pollingHooks(secretUpdatedTrigger).onEnable(triggerContext(auth, { path })), Error);
    expect(e.message).toMatch(LIMIT_MESSAGE);
    expect(vault.requests).toEqual([]);
  });

  it('an address followed by 64K slashes is normalised (a linear trim) and works', async () => {
    const out = await runAction(getSecret, rootAuth(vault, { url: `${vault.url}${'/'.repeat(64 * 1024)}` }), { path: 'kv2/app/db' });
    expect(out.data).toEqual({ password: SECRET });
  });

  it('a CA field of 512 KB of repeated "-----BEGIN A-----" is refused as not a certificate; over 1 MB by its length', async () => {
    const headers = '-----BEGIN A-----'.repeat(Math.ceil((512 * 1024) / 17));
    const e = await runFailing(getSecret, rootAuth(vault, { caCertificate: headers }), { path: 'kv2/app/db' });
    expect(e.message).toMatch(/does not look like a PEM certificate/);
    const big = await runFailing(getSecret, rootAuth(vault, { caCertificate: headers.repeat(3) }), { path: 'kv2/app/db' });
    expect(big.message).toMatch(/longer than 1048576 characters/);
    const key = await runFailing(getSecret, rootAuth(vault, { clientCertificate: CSR, clientKey: '-----BEGIN PRIVATE KEY-----'.repeat(20_000) }), { path: 'kv2/app/db' });
    expect(unclearError(key)).toBeUndefined();
    expect(vault.requests).toEqual([]);
  });

  it('a CSR of repeated headers is refused before any request: over 64 KB by its length, under it as no CSR', async () => {
    const header = '-----BEGIN CERTIFICATE REQUEST-----';
    const big = await runFailing(signCertificate, rootAuth(vault), { role: 'r', csr: header.repeat((256 * 1024) / header.length) });
    expect(big.message).toMatch(/CSR is longer than 65536 characters/);
    const under = await runFailing(signCertificate, rootAuth(vault), { role: 'r', csr: header.repeat(1_800) });
    expect(under.message).toMatch(/CSR must be a PEM certificate request/);
    expect(vault.requests).toEqual([]);
  });

  it('reference text built to make the scan re-read (openings, white space, prefixes) is scanned once', async () => {
    // Not references: left as they are.
    for (const value of ['{{'.repeat(100_000), `[[${' '.repeat(200_000)}vault`, `{{${'x'.repeat(200_000)}}}`.repeat(3)]) {
      expect(await runAction(resolveReferencesAction, rootAuth(vault), { value })).toBe(value);
    }
    for (const value of [
      `[[vault:${' '.repeat(200_000)}`,
      `{{ vault ${' '.repeat(200_000)}:`,
      `{{vault:${'a/'.repeat(100_000)}}}`,
      '[[hashicorp:'.repeat(20_000),
    ]) {
      const e = await runFailing(resolveReferencesAction, rootAuth(vault), { value });
      expect(unclearError(e)).toBeUndefined();
      expect(e.message.length).toBeLessThan(2_000);
    }
    expect(vault.requests).toEqual([]);
  });
});

describe('class 3: nesting past the bound', () => {
  it(`write_secret merge on KV v1 refuses data nested ${MAX_JSON_DEPTH + 1} or 4,000 levels before any request; ${MAX_JSON_DEPTH} levels are written`, async () => {
    for (const depth of [4_000, MAX_JSON_DEPTH + 1]) {
      const e = await runFailing(writeSecret, rootAuth(vault), { path: 'kv1/deep', data: nested(depth), mode: 'merge' });
      expect(e.message).toMatch(new RegExp(`nested more than ${MAX_JSON_DEPTH} levels deep`));
      expect(unclearError(e)).toBeUndefined();
    }
    expect(vault.requests).toEqual([]);
    const data = nested(MAX_JSON_DEPTH);
    await runAction(writeSecret, rootAuth(vault), { path: 'kv1/deep', data, mode: 'merge' });
    await runAction(writeSecret, rootAuth(vault), { path: 'kv1/deep', data: { extra: 1 }, mode: 'merge' });
    const read = await runAction(getSecret, rootAuth(vault), { path: 'kv1/deep' });
    expect(read.data).toEqual({ ...data, extra: 1 });
  });

  it('a merge keeps a "__proto__" key as a key (it does not become the prototype and vanish)', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": {"__proto__": 1}}');
    const merged = applyMergePatch({ keep: 1 }, patch);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse('{"keep": 1, "__proto__": {"polluted": "yes"}, "a": {"__proto__": 1}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([2_000, 10_000])('custom_api_call: a %i-level answer is an unexpected answer, not a RangeError', async (depth) => {
    vault.inject({ method: 'GET', path: 'sys/deep', status: 200, body: nestedJson(depth) });
    const e = await runFailing(customApiCall, rootAuth(vault), { method: 'GET', path: 'sys/deep' });
    expect(e.name).toBe('VaultError');
    expect((e as { kind?: string }).kind).toBe('unexpected_response');
    expect(e.message).toMatch(/nested more than 100 levels deep/);
  });

  it('get_secret: a cached 6,000-level answer is an unexpected answer, not a RangeError', async () => {
    const metadata = { created_time: '2024-01-01T00:00:00Z', deletion_time: '', destroyed: false, version: 1 };
    const answer = `{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"warnings":null,"data":{"metadata":${JSON.stringify(metadata)},"data":${nestedJson(6_000)}}}`;
    vault.inject({ method: 'GET', path: 'kv2/data/deep6000', status: 200, body: Buffer.from(answer) });
    const e = await runFailing(getSecret, rootAuth(vault, { cacheTtlSeconds: 60 }), { path: 'kv2/deep6000' });
    expect(e.name).toBe('VaultError');
    expect(e.message).toMatch(/nested more than 100 levels deep/);
  });

  it('a written value nested 60 levels inside data is scrubbed when Vault echoes the body (was: scrubbing stopped at 20)', async () => {
    const data = { a: nested(60, SECRET) };
    vault.inject({ method: 'POST', path: 'kv2/data/echo', status: 400, body: { errors: [`cannot store ${JSON.stringify({ data })}`] } });
    const e = await runFailing(writeSecret, rootAuth(vault), { path: 'kv2/echo', data, mode: 'replace' });
    expect(e.message).toMatch(/cannot store/);
    expectNoLeak(e, SECRET);
  });
});

describe('class 5: errors that repeat input', () => {
  const tail = `${' '.repeat(10)}"password": "${SECRET}" ${'x'.repeat(100_000)}`;

  it.each(['[[vault:kv2/data/app/db/password', '{{vault:kv2/data/app/db/password', '{{hashicorp: kv2/data/app/db/password'])(
    'an unclosed %s quotes a short excerpt, not the 100 KB after it',
    async (opening) => {
      const e = await runFailing(resolveReferencesAction, rootAuth(vault), { value: `${opening}${tail}` });
      expect(e.message).toMatch(/no closing/);
      expect(e.message.length).toBeLessThan(500);
      expectNoLeak(e, SECRET);
      const skipped = await runAction(resolveReferencesAction, rootAuth(vault), { value: `${opening}${tail}`, onError: 'skip' });
      expect(JSON.stringify(skipped.unresolved)).not.toContain(SECRET);
      expect(skipped.value).toBe(`${opening}${tail}`);
    },
  );

  it('a closed malformed reference holding a password after a space is quoted up to the space', async () => {
    const e = await runFailing(resolveReferencesAction, rootAuth(vault), { value: `{{vault:kv2/data/app/db ${SECRET}}}` });
    expect(e.message).toMatch(/whitespace/);
    expectNoLeak(e, SECRET);
  });

  it('token-shaped text and control characters in a quoted path are scrubbed', async () => {
    const token = `hvs.${'A'.repeat(90)}`;
    const e = await runFailing(getSecret, rootAuth(vault), { path: `kv2/${token}/\u0001/a//b` });
    expectNoLeak(e, token, token.slice(0, 30));
    expect(e.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a list prop of 200,000 bad entries names a few problems and counts the rest (was a 10 MB message)', async () => {
    const e = await runFailing(deleteSecret, rootAuth(vault), { path: 'kv2/app/db', mode: 'destroy', versions: Array.from({ length: 200_000 }, (_, i) => `v${i}`) });
    expect(e.message).toMatch(/and 199995 more/);
    expect(e.message.length).toBeLessThan(1_000);
  });

  it('list props are bounded: 1,001 policies or a 5,000-character alternative name are refused before any request', async () => {
    const many = await runFailing(createToken, rootAuth(vault), { policies: Array.from({ length: 1001 }, (_, i) => `p${i}`) });
    expect(many.message).toContain('Policies has more than 1000 entries');
    expect(many.message.length).toBeLessThan(1_000);
    const long = await runFailing(issueCertificate, rootAuth(vault), { role: 'web', commonName: 'a.example.com', altNames: ['x'.repeat(5_000)] });
    expect(long.message).toContain('an entry of Alternative names is longer than 4096 characters');
    expect(long.message).not.toContain('x'.repeat(100));
    expect(vault.requests.filter((r) => r.path.startsWith('auth/token/create') || r.path.includes('/issue/'))).toEqual([]);
  });

  it('a version row nested 10,000 levels deep is refused, not a RangeError', async () => {
    const e = await runFailing(deleteSecret, rootAuth(vault), { path: 'kv2/app/db', mode: 'destroy', versions: [nested(10_000, '3')] });
    expect(unclearError(e)).toBeUndefined();
    expect(e.message).toMatch(/Versions must be whole numbers/);
  });

  it('secrets Vault echoes as Go writes them are scrubbed: %q escapes, JSON \\u003c, and 1-2 character values when quoted', async () => {
    const control = `ctl\u0001-${SECRET}`;
    const html = `<b>&${SECRET}`;
    const data = { control, html, short: 'zq', tiny: 'Q' };
    const said = `bad values "ctl\\x01-${SECRET}" "\\u003cb\\u003e\\u0026${SECRET}" "zq" 'Q' ctl\\u0001-${SECRET}`;
    vault.inject({ method: 'POST', path: 'kv2/data/goecho', status: 400, body: { errors: [said] } });
    const e = await runFailing(writeSecret, rootAuth(vault), { path: 'kv2/goecho', data, mode: 'replace' });
    expect(e.message).toMatch(/bad values/);
    expectNoLeak(e, SECRET, '"zq"', "'Q'");
    // A short value is left where it is only part of other text.
    expect(e.message).toMatch(/bad values/);
  });
});

import { AppConnectionType } from '@activepieces/shared';
import type {
  BasicAuthConnectionValue,
  CustomAuthConnectionValue,
  OAuth2ConnectionValueWithApp,
  SecretTextConnectionValue,
} from '@activepieces/shared';
import { resolveObject, resolveString, ReferenceResolutionError } from '../../src/lib/references/resolve';
import type { SecretReference } from '../../src/lib/references/parse';

/** An in-memory table of secrets (the resolution logic, without Vault; Vault is covered in vault-references.test.ts). */
function tableResolver(table: Record<string, unknown>) {
  const calls: string[] = [];
  const resolver = async (ref: SecretReference) => {
    calls.push(ref.path);
    if (!(ref.path in table)) throw new Error(`no key "${ref.key}"`);
    return table[ref.path];
  };
  return { resolver, calls };
}

describe('resolveString / resolveObject', () => {
  const table = { 'secret/data/app/token': 's3cr3t-token', 'secret/data/app/port': 5432, 'secret/data/app/cfg': { a: 1 }, 'secret/data/app/empty': '' };

  it('keeps a "__proto__" key of a parsed JSON value as a key (and resolves inside it) without touching prototypes', async () => {
    const { resolver } = tableResolver(table);
    const input = JSON.parse('{"__proto__": {"Authorization": "Bearer {{vault:secret/data/app/token}}"}, "plain": "x"}');
    const out = (await resolveObject(input, resolver)) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'plain']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ Authorization: 'Bearer s3cr3t-token' });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).Authorization).toBeUndefined();
  });

  it('replaces references inside longer strings and keeps the type of a whole-string reference', async () => {
    const { resolver } = tableResolver(table);
    expect(await resolveString('Bearer {{vault:secret/data/app/token}}', resolver)).toBe('Bearer s3cr3t-token');
    expect(await resolveString('{{vault:secret/data/app/port}}', resolver)).toBe(5432);
    expect(await resolveString(' {{vault:secret/data/app/cfg}} ', resolver)).toEqual({ a: 1 });
    expect(await resolveString('cfg={{vault:secret/data/app/cfg}}', resolver)).toBe('cfg={"a":1}');
    expect(await resolveString('{{vault:secret/data/app/port}}', resolver, { wholeReference: 'string' })).toBe('5432');
    expect(await resolveString('{{vault:secret/data/app/empty}}', resolver)).toBe('');
  });

  it('resolves every real connection value shape without touching the input', async () => {
    const { resolver } = tableResolver(table);
    const secretText: SecretTextConnectionValue = { type: AppConnectionType.SECRET_TEXT, secret_text: '{{vault:secret/data/app/token}}' };
    const basic: BasicAuthConnectionValue = { type: AppConnectionType.BASIC_AUTH, username: 'svc', password: '{{hashicorp:secret/data/app/token}}' };
    const custom: CustomAuthConnectionValue = {
      type: AppConnectionType.CUSTOM_AUTH,
      props: { host: 'db', port: '{{vault:secret/data/app/port}}', hosts: [{ key: 'x-{{vault:secret/data/app/token}}' }] },
    };
    const oauth: OAuth2ConnectionValueWithApp = {
      type: AppConnectionType.OAUTH2,
      client_id: 'cid',
      client_secret: '{{c1|ap_sep_v1|secret/data/app/token}}',
      redirect_url: 'https://x',
      token_type: 'Bearer',
      access_token: 'at',
      claimed_at: 1,
      refresh_token: 'rt',
      scope: 's',
      token_url: 'https://t',
      data: {},
      props: { tenant: '{{vault:secret/data/app/port}}' },
    };
    const inputs = [secretText, basic, custom, oauth];
    const snapshot = JSON.stringify(inputs);
    const a = await resolveObject(secretText, resolver);
    const b = await resolveObject(basic, resolver);
    const c = await resolveObject(custom, resolver);
    const d = await resolveObject(oauth, resolver);
    expect(a.secret_text).toBe('s3cr3t-token');
    expect(b).toEqual({ ...basic, password: 's3cr3t-token' });
    expect(c.props).toEqual({ host: 'db', port: 5432, hosts: [{ key: 'x-s3cr3t-token' }] });
    expect(d.client_secret).toBe('s3cr3t-token');
    expect(d.props).toEqual({ tenant: 5432 });
    expect(d.access_token).toBe('at');
    expect(JSON.stringify(inputs)).toBe(snapshot);
  });

  it('resolves each distinct reference once however often it appears', async () => {
    const { resolver, calls } = tableResolver(table);
    const value = { a: '{{vault:secret/data/app/token}}', b: ['{{vault:secret/data/app/token}}', 'x {{ vault:secret/data/app/token }}'] };
    await resolveObject(value, resolver);
    expect(calls).toEqual(['secret/data/app/token']);
  });

  it('fails the whole resolution naming the reference, not any value', async () => {
    const { resolver } = tableResolver(table);
    const value = { ok: '{{vault:secret/data/app/token}}', bad: '{{vault:secret/data/app/missing}}' };
    const error = await resolveObject(value, resolver).catch((e) => e);
    expect(error).toBeInstanceOf(ReferenceResolutionError);
    expect(error.message).toContain('{{vault:secret/data/app/missing}}');
    expect(error.message).not.toContain('s3cr3t-token');
  });

  it('refuses a malformed reference before resolving anything', async () => {
    const { resolver, calls } = tableResolver(table);
    await expect(resolveObject({ a: '{{vault:secret/data/app/token}}', b: '{{vault:nope}}' }, resolver)).rejects.toThrow('{{vault:nope}}');
    expect(calls).toEqual([]);
  });

  it('in skip mode leaves unresolved references as they were and lists them', async () => {
    const { resolver } = tableResolver(table);
    const result = await resolveObject(
      { a: 'Bearer {{vault:secret/data/app/token}} {{vault:secret/data/app/missing}}', b: '{{vault:x}}' },
      resolver,
      { onError: 'skip' },
    );
    expect(result.value).toEqual({ a: 'Bearer s3cr3t-token {{vault:secret/data/app/missing}}', b: '{{vault:x}}' });
    expect(result.unresolved.map((u) => u.reference).sort()).toEqual(['{{vault:secret/data/app/missing}}', '{{vault:x}}']);
  });
});

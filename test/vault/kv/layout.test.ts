/** The KV API layout has one owner (`src/lib/vault/kv/layout.ts`); what it builds and strips. */
import { clearedPathForms } from '../../../src/lib/vault/cache-keys';
import { KV2_API_SEGMENTS, kv2LayoutWarning, kvApiPath, kvFolderPath, withoutWrittenSegment, writtenAsKvPath } from '../../../src/lib/vault/kv/layout';

describe('KV layout', () => {
  it('builds the API path of a located secret, mount segments and path segments encoded one by one', () => {
    expect(kvApiPath({ mount: 'secret/', path: 'app/db' }, 'data')).toBe('secret/data/app/db');
    expect(kvApiPath({ mount: 'team/app/kv/', path: 'a b/c?d' }, 'metadata')).toBe('team/app/kv/metadata/a%20b/c%3Fd');
    expect(kvApiPath({ mount: 'kv1/', path: 'app/db' })).toBe('kv1/app/db');
    expect(kvFolderPath({ mount: 'secret/', path: '' }, 'metadata')).toBe('secret/metadata/');
    expect(kvFolderPath({ mount: 'kv1/', path: 'app' })).toBe('kv1/app/');
  });

  it('drops the data/ or metadata/ a user wrote inside a v2 mount, nothing else', () => {
    expect(withoutWrittenSegment(['data', 'app', 'db'])).toEqual(['app', 'db']);
    expect(withoutWrittenSegment(['metadata'])).toEqual([]);
    expect(withoutWrittenSegment(['app', 'data'])).toEqual(['app', 'data']);
    expect(withoutWrittenSegment(['destroy', 'x'])).toEqual(['destroy', 'x']);
  });

  it('reads a cleared API-form prefix as the KV path it stands for', () => {
    expect(writtenAsKvPath('secret/data/app/')).toBe('secret/app/');
    expect(writtenAsKvPath('secret/data')).toBe('secret/');
    expect(writtenAsKvPath('secret/metadata/')).toBe('secret/');
    expect(writtenAsKvPath('team/kv/data/x')).toBe('team/kv/x');
    expect(writtenAsKvPath('data/x')).toBeUndefined();
    expect(writtenAsKvPath('secret/app/db')).toBeUndefined();
    expect(clearedPathForms('/secret/data/app/')).toEqual(['secret/data/app/', 'secret/app/']);
    expect(clearedPathForms('secret/app/')).toEqual(['secret/app/']);
  });

  it('knows every KV v2 API segment and recognises the warning for a v1-style path on a v2 mount', () => {
    expect([...KV2_API_SEGMENTS].sort()).toEqual(['data', 'delete', 'destroy', 'metadata', 'subkeys', 'undelete']);
    const warning = 'Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use.';
    expect(kv2LayoutWarning(['other', warning])).toBe(warning);
    expect(kv2LayoutWarning(['other'])).toBeUndefined();
  });
});

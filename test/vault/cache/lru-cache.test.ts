import { ValueCache } from '../../../src/lib/vault/cache';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ValueCache', () => {
  it('merges concurrent misses, never caches failures, and drops by prefix', async () => {
    const cache = new ValueCache({ ttlSeconds: 60 });
    let loads = 0;
    const load = async () => {
      loads++;
      await sleep(5);
      return { v: loads };
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrLoad('ns::a/x|latest', load)));
    expect(loads).toBe(1);
    expect(new Set(results.map((r) => r.v))).toEqual(new Set([1]));

    await expect(cache.getOrLoad('ns::a/y|latest', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrLoad('ns::a/y|latest', async () => 'ok')).toBe('ok');
    await cache.getOrLoad('ns::b/z|latest', async () => 'z');
    expect(cache.size).toBe(3);
    expect(cache.invalidatePrefix('ns::a/')).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('hands out frozen values, so a caller mutating a value cannot change what others read', async () => {
    const cache = new ValueCache({ ttlSeconds: 60 });
    const first = await cache.getOrLoad('k', async () => ({ password: 'p', nested: { user: 'u' } }));
    expect(() => {
      first.password = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      first.nested.user = 'changed';
    }).toThrow(TypeError);
    expect(await cache.getOrLoad('k', async () => ({ password: 'other', nested: { user: 'x' } }))).toEqual({ password: 'p', nested: { user: 'u' } });
  });

  it('does not store a value whose load was invalidated while in flight', async () => {
    const cache = new ValueCache({ ttlSeconds: 60 });
    const pending = cache.getOrLoad('ns::s|latest', async () => {
      await sleep(10);
      return 'old';
    });
    cache.invalidatePrefix('ns::s');
    expect(await pending).toBe('old');
    expect(await cache.getOrLoad('ns::s|latest', async () => 'new')).toBe('new');
  });

  it('caches nothing with ttl 0', async () => {
    const cache = new ValueCache({ ttlSeconds: 0 });
    let loads = 0;
    await cache.getOrLoad('k', async () => ++loads);
    await cache.getOrLoad('k', async () => ++loads);
    expect(loads).toBe(2);
    expect(cache.size).toBe(0);
  });
});

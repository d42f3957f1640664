import { invalidationMarkerKey } from '../../../src/lib/vault/cache-keys';
import { InvalidationSync } from '../../../src/lib/vault/invalidation';
import { MemoryStore } from '../../helpers/engine';

describe('InvalidationSync', () => {
  const digest = 'ab'.repeat(32);

  it('publishes markers without values and applies each newer one once, with its time', async () => {
    const store = new MemoryStore();
    const applied: Array<[string, number | undefined]> = [];
    const publisher = new InvalidationSync({ scopeDigest: digest, invalidateLocal: () => 0 });
    const reader = new InvalidationSync({ scopeDigest: digest, invalidateLocal: (p, t) => (applied.push([p, t]), 0), checkIntervalSeconds: 0 });

    await publisher.publish('secret/a/', store);
    await publisher.publish('secret/b/', store);
    await reader.sync(store);
    expect(applied.map(([p]) => p)).toEqual(['secret/a/', 'secret/b/']);
    expect(applied.every(([, t]) => typeof t === 'number')).toBe(true);

    await reader.sync(store);
    expect(applied).toHaveLength(2);
    await publisher.publish('', store);
    await reader.sync(store);
    expect(applied.map(([p]) => p)).toEqual(['secret/a/', 'secret/b/', '']);

    const stored = await store.get<any>(invalidationMarkerKey(digest));
    expect(stored).toMatchObject({ generation: 3, prefix: '' });
    expect(invalidationMarkerKey(digest)).toBe(`vault-cache-generation:${digest.slice(0, 16)}`);
  });

  it('keeps a bounded list of recent markers', async () => {
    const store = new MemoryStore();
    const publisher = new InvalidationSync({ scopeDigest: digest, invalidateLocal: () => 0 });
    for (let i = 0; i < 30; i++) await publisher.publish(`p${i}/`, store);
    const stored = await store.get<any>(invalidationMarkerKey(digest));
    expect(stored.recent.length).toBeLessThanOrEqual(20);
    expect(stored.recent[stored.recent.length - 1].prefix).toBe('p29/');
  });
});

import { parseReferences, ReferenceSyntaxError, scanReferences } from '../../src/lib/references/parse';

describe('parseReferences', () => {
  it('understands the three forms and splits the key off the secret path', () => {
    const text = 'a {{conn_1|ap_sep_v1|secret/data/app/db/password}} b {{hashicorp:secret/data/app/api}} c {{vault:kv1/app/token}}';
    const refs = parseReferences(text);
    expect(refs.map((r) => [r.form, r.connectionId, r.secretPath, r.key])).toEqual([
      ['ap_sep_v1', 'conn_1', 'secret/data/app/db', 'password'],
      ['hashicorp', undefined, 'secret/data/app', 'api'],
      ['vault', undefined, 'kv1/app', 'token'],
    ]);
    for (const r of refs) expect(text.slice(r.start, r.end)).toBe(r.raw);
  });

  it('tolerates whitespace inside the braces', () => {
    const [a, b] = parseReferences('{{  vault :  secret/data/app/key  }} {{ id7 |ap_sep_v1| secret/data/x/y }}');
    expect(a.path).toBe('secret/data/app/key');
    expect(b).toMatchObject({ connectionId: 'id7', path: 'secret/data/x/y' });
  });

  it('accepts the square-bracket form that survives the flow engine\'s own {{...}} evaluation', () => {
    const refs = parseReferences('Bearer [[vault:secret/data/app/token]] and [[ c9 |ap_sep_v1| kv/data/x/y ]] [[Wiki Page]]');
    expect(refs.map((r) => [r.raw, r.form, r.secretPath, r.key])).toEqual([
      ['[[vault:secret/data/app/token]]', 'vault', 'secret/data/app', 'token'],
      ['[[ c9 |ap_sep_v1| kv/data/x/y ]]', 'ap_sep_v1', 'kv/data/x', 'y'],
    ]);
    expect(() => parseReferences('[[vault:secret/data/app/token')).toThrow('no closing `]]`');
  });

  it('leaves other {{...}} text alone', () => {
    expect(parseReferences('{{step_1.output}} {{ trigger.body }} {{}} plain')).toEqual([]);
  });

  it.each([
    ['{{vault:}}', 'path is empty'],
    ['{{vault:secret/key}}', 'needs a mount, a secret and a key'],
    ['{{vault:secret//app/key}}', 'empty segment'],
    ['{{vault:secret/../app/key}}', '`..`'],
    ['{{vault:secret/data/my app/key}}', 'whitespace'],
    ['{{|ap_sep_v1|secret/data/app/key}}', 'connection id'],
    ['{{a|ap_sep_v1|b|ap_sep_v1|secret/data/app/key}}', 'exactly once'],
    ['Bearer {{vault:secret/data/app/key', 'no closing'],
    ['{{hashicorp:/secret/data/app/key}}', 'must not start or end'],
  ])('refuses the malformed reference %s', (text, reason) => {
    expect(() => parseReferences(text)).toThrow(ReferenceSyntaxError);
    expect(() => parseReferences(text)).toThrow(reason);
  });

  it('reports malformed references with their place instead of throwing when scanning', () => {
    const scanned = scanReferences('ok {{vault:secret/data/a/b}} bad {{vault:x}}');
    expect(scanned.map((s) => s.ok)).toEqual([true, false]);
  });
  /**
   * Linear work, shown by size rather than by time or by spying on how the parser searches: at
   * 4 MB a scan that searches to the end again for every opening does ~10^12 steps (hours), a
   * linear one takes well under a second. The test's 60 s bound is only a backstop.
   */
  it.each([
    ['openings without a closing', '{{'.repeat(2_000_000)],
    ['openings sharing one far closing', '{{'.repeat(2_000_000) + '}}'],
    ['both delimiters interleaved', '[[{{'.repeat(1_000_000) + ']]'],
    ['text between openings', '{{x'.repeat(1_500_000) + '}}'],
  ])('scans 4 MB of %s (no quadratic search on crafted values)', (_name, text) => {
    expect(scanReferences(text)).toEqual([]);
  }, 60_000);

  it('still finds references among many unmatched openings', () => {
    const text = `${'{{'.repeat(1000)}x [[vault:secret/data/app/key]] ${'[['.repeat(1000)}`;
    const refs = scanReferences(text).filter((s) => s.ok);
    expect(refs).toHaveLength(1);
  });
});

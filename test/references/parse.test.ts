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
   * Characters the scan searches through (`indexOf`/`includes` on the text or its slices): a scan
   * that searches to the end again for every opening is quadratic (seconds of blocked event loop
   * for a crafted value of a few hundred kilobytes). Counted, not timed.
   */
  function charactersSearched(run: () => void): number {
    const indexOf = String.prototype.indexOf;
    const includes = String.prototype.includes;
    let searched = 0;
    const count = (s: string, needle: string, from = 0) => {
      const at = indexOf.call(s, needle, from);
      searched += (at < 0 ? s.length : at + needle.length) - Math.max(0, from);
    };
    const indexOfSpy = jest.spyOn(String.prototype, 'indexOf').mockImplementation(function (this: string, needle: string, from?: number) {
      count(this, needle, from);
      return indexOf.call(this, needle, from);
    });
    const includesSpy = jest.spyOn(String.prototype, 'includes').mockImplementation(function (this: string, needle: string, from?: number) {
      count(this, needle, from);
      return includes.call(this, needle, from);
    });
    try {
      run();
    } finally {
      indexOfSpy.mockRestore();
      includesSpy.mockRestore();
    }
    return searched;
  }

  it.each([
    ['openings without a closing', '{{'.repeat(20_000)],
    ['openings sharing one far closing', '{{'.repeat(20_000) + '}}'],
    ['both delimiters interleaved', '[[{{'.repeat(10_000) + ']]'],
    ['text between openings', '{{x'.repeat(15_000) + '}}'],
  ])('scans %s in linear work (no ReDoS on crafted values)', (_name, text) => {
    let scanned: unknown[] = [];
    const searched = charactersSearched(() => {
      scanned = scanReferences(text);
    });
    expect(scanned).toEqual([]);
    expect(searched).toBeLessThan(10 * text.length);
  });

  it('still finds references among many unmatched openings', () => {
    const text = `${'{{'.repeat(1000)}x [[vault:secret/data/app/key]] ${'[['.repeat(1000)}`;
    const refs = scanReferences(text).filter((s) => s.ok);
    expect(refs).toHaveLength(1);
  });
});

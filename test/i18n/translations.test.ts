/**
 * Issue 27: the piece's texts in every locale the platform loads. After changing or adding a text,
 * `npm run i18n:extract` regenerates `src/i18n/translation.json` and lists what each locale lacks.
 */
import { existsSync, readdirSync } from 'node:fs';
import { MAX_KEY_LENGTH_FOR_CORWDIN } from '@activepieces/shared';
import {
  I18N_DIR,
  PLATFORM_LOCALES,
  TRANSLATION_FILE,
  compareLocale,
  currentTranslations,
  extractTranslations,
  localeFile,
  readTranslations,
  type Translations,
} from '../../scripts/i18n-extract';
import { markupOf, proseWords, termsDropped } from './markup';

const english = currentTranslations();
const locales: Array<[string, Translations]> = PLATFORM_LOCALES.map((l) => [l, existsSync(localeFile(l)) ? readTranslations(localeFile(l)) : {}]);

describe('src/i18n/translation.json', () => {
  it('holds exactly the strings the framework extracts from the piece (else: npm run i18n:extract)', () => {
    expect(readTranslations(TRANSLATION_FILE)).toEqual(english);
  });

  it('covers the texts the server translates: description, connection, actions, triggers, props, option labels', () => {
    const values = new Set(Object.values(english));
    for (const text of [
      'Vault Address',
      'AppRole (recommended)',
      'Read Secret Value',
      'Soft delete (recoverable)',
      'Secret Updated',
      'Within days',
      '### Token login',
    ]) {
      expect(values).toContain(text);
    }
    expect(Object.keys(english).length).toBeGreaterThan(200);
  });

  it('cuts keys at the framework\'s 512 characters and keeps the whole English text as value', () => {
    const long = 'x'.repeat(MAX_KEY_LENGTH_FOR_CORWDIN + 40);
    expect(extractTranslations({ description: long, actions: { a: { displayName: 'A', props: { p: { description: 'P', options: { options: [{ label: 'L' }] } } } } } })).toEqual({
      [long.slice(0, MAX_KEY_LENGTH_FOR_CORWDIN)]: long,
      A: 'A',
      P: 'P',
      L: 'L',
    });
    for (const [key, value] of Object.entries(english)) expect(key).toBe(value.slice(0, MAX_KEY_LENGTH_FOR_CORWDIN));
  });
});

describe('one translation file per platform locale', () => {
  it('exists for de, fr, es, ja, zh, zh-TW, pt, nl and ar, and nothing else sits in src/i18n', () => {
    expect([...PLATFORM_LOCALES].sort()).toEqual(['ar', 'de', 'es', 'fr', 'ja', 'nl', 'pt', 'zh', 'zh-TW']);
    expect(readdirSync(I18N_DIR).sort()).toEqual([...PLATFORM_LOCALES.map((l) => `${l}.json`), 'translation.json'].sort());
  });

  describe.each(locales)('%s', (locale, translated) => {
    it('translates every string and has no key the piece no longer has (npm run i18n:extract lists both)', () => {
      const report = compareLocale(locale, english, translated);
      expect({ missing: report.missing, stale: report.stale }).toEqual({ missing: [], stale: [] });
    });

    it('is a flat map of non-empty strings', () => {
      for (const [key, value] of Object.entries(translated)) {
        expect(typeof value).toBe(`string`);
        expect({ key, value: (value as string).trim() }).not.toEqual({ key, value: '' });
      }
    });

    it('keeps Markdown, backticked names, placeholders, URLs, numbers and paths exactly', () => {
      const broken = Object.entries(translated)
        .filter(([key]) => Object.hasOwn(english, key))
        .filter(([key, value]) => JSON.stringify(markupOf(value)) !== JSON.stringify(markupOf(english[key])))
        .map(([key, value]) => ({ english: markupOf(english[key]), translated: markupOf(value), key }));
      expect(broken).toEqual([]);
    });

    it('keeps Vault\'s own terms as Vault writes them (Vault, AppRole, KV, Transit, PKI, token, lease, namespace, mount, policy)', () => {
      const dropped = Object.entries(translated)
        .filter(([key]) => Object.hasOwn(english, key))
        .map(([key, value]) => ({ key, dropped: termsDropped(english[key], value) }))
        .filter((d) => d.dropped.length > 0);
      expect(dropped).toEqual([]);
    });

    it('translates every sentence (prose is not left in English)', () => {
      const untranslated = Object.entries(translated).filter(([key, value]) => Object.hasOwn(english, key) && proseWords(english[key]) >= 3 && value === english[key]);
      expect(untranslated.map(([key]) => key)).toEqual([]);
    });
  });
});

describe('the checks themselves', () => {
  it('notice a dropped backticked name, a changed placeholder, a lost heading, a changed path or number', () => {
    const changed = (en: string, tr: string) => JSON.stringify(markupOf(en)) !== JSON.stringify(markupOf(tr));
    expect(changed('Returns `{keys}` (names only).', 'Gibt die Schlüsselnamen zurück.')).toBe(true);
    expect(changed('Use `[[vault:a/b]]`.', 'Nutze `[[vault:a/c]]`.')).toBe(true);
    expect(changed('### TLS', 'TLS')).toBe(true);
    expect(changed('Reads sys/internal/ui/mounts.', 'Liest sys/internal/ui/mount.')).toBe(true);
    expect(changed('Empty means 30.', 'Leer bedeutet 10.')).toBe(true);
    expect(changed('See [docs](https://x.example/a).', 'Siehe Doku https://x.example/a.')).toBe(true);
    expect(changed('Returns `{keys}` (names only).', 'Gibt `{keys}` zurück (nur Namen).')).toBe(false);
    expect(termsDropped('Create Token', 'Jeton créer')).toEqual(['token']);
    expect(termsDropped('Encrypt (Transit)', 'Verschlüsseln (Transit)')).toEqual([]);
  });
});

/**
 * `npm run i18n:extract`: writes `src/i18n/translation.json`, every string of the piece
 * the Activepieces server translates, as the framework's own CLI command `generate-translation-file`
 * extracts them: the values at the framework's `pieceTranslation.pathsToValuesToTranslate`, each
 * keyed by its first `MAX_KEY_LENGTH_FOR_CORWDIN` (512) characters, the English text as value.
 *
 * Then it reports, per platform locale (`src/i18n/<locale>.json`), the strings still to translate
 * and the keys the piece no longer has, and rewrites each locale file in the order of
 * `translation.json` (so a diff shows what changed). `--prune` drops the keys the piece no longer
 * has; without it they are kept (to reuse when a text was only reworded) and the test fails.
 *
 * Usage: tsx scripts/i18n-extract.ts [--prune]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pieceTranslation } from '@activepieces/pieces-framework';
import { LocalesEnum, MAX_KEY_LENGTH_FOR_CORWDIN } from '@activepieces/shared';

export const I18N_DIR = resolve(__dirname, '..', 'src', 'i18n');
export const TRANSLATION_FILE = join(I18N_DIR, 'translation.json');

/** Every locale the platform reads a file for (`initializeI18n` tries each of `LocalesEnum`), English aside. */
export const PLATFORM_LOCALES: string[] = Object.values(LocalesEnum).filter((l) => l !== LocalesEnum.ENGLISH);

export type Translations = Record<string, string>;

/** The key the server looks a text up by (`translateProperty` in the framework's i18n.js). */
export function translationKey(text: string): string {
  return text.slice(0, MAX_KEY_LENGTH_FOR_CORWDIN);
}

/**
 * What the framework's CLI extracts: for each path (`actions.*.props.*.displayName`, ...), every
 * truthy value found, `*` walking an object's values. Same walk as the CLI's `getPropertyValue`.
 */
function valuesAt(node: unknown, path: string[]): unknown[] {
  if (node === null || typeof node !== 'object') return [];
  const [head, ...rest] = path;
  const next = head === '*' ? Object.values(node) : [(node as Record<string, unknown>)[head]];
  if (rest.length === 0) return next.filter(Boolean);
  return next.flatMap((child) => valuesAt(child, rest));
}

/**
 * The translatable strings of a piece's metadata, as `translation.json` holds them. Pass the
 * metadata as the server stores it (`JSON.parse(JSON.stringify(piece.metadata()))`): what the
 * server translates is that JSON, not the live objects.
 */
export function extractTranslations(metadata: unknown): Translations {
  const out: Translations = {};
  for (const path of pieceTranslation.pathsToValuesToTranslate) {
    for (const value of valuesAt(metadata, path.split('.'))) {
      if (typeof value === 'string') out[translationKey(value)] = value;
    }
  }
  return out;
}

/** The piece's strings, loaded from source. */
export function currentTranslations(): Translations {
  // Loaded here, not at the top: the test imports the helpers above without loading the piece twice.
  const { hashicorpVault } = require('../src') as typeof import('../src');
  return extractTranslations(JSON.parse(JSON.stringify(hashicorpVault.metadata())));
}

export function localeFile(locale: string): string {
  return join(I18N_DIR, `${locale}.json`);
}

export function readTranslations(file: string): Translations {
  return JSON.parse(readFileSync(file, 'utf8')) as Translations;
}

export interface LocaleReport {
  locale: string;
  missing: string[];
  stale: string[];
}

/** Keys of `english` the locale lacks, and keys the locale has that `english` no longer has. */
export function compareLocale(locale: string, english: Translations, translated: Translations): LocaleReport {
  return {
    locale,
    missing: Object.keys(english).filter((k) => !Object.hasOwn(translated, k)),
    stale: Object.keys(translated).filter((k) => !Object.hasOwn(english, k)),
  };
}

function writeJson(file: string, value: Translations): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function main(): void {
  const prune = process.argv.includes('--prune');
  const english = currentTranslations();
  writeJson(TRANSLATION_FILE, english);
  console.log(`src/i18n/translation.json: ${Object.keys(english).length} strings`);

  let todo = 0;
  for (const locale of PLATFORM_LOCALES) {
    const file = localeFile(locale);
    const translated = existsSync(file) ? readTranslations(file) : {};
    const report = compareLocale(locale, english, translated);
    const ordered: Translations = {};
    for (const key of Object.keys(english)) if (Object.hasOwn(translated, key)) ordered[key] = translated[key];
    if (!prune) for (const key of report.stale) ordered[key] = translated[key];
    writeJson(file, ordered);
    todo += report.missing.length + (prune ? 0 : report.stale.length);
    const stale = report.stale.length ? `, ${report.stale.length} no longer in the piece${prune ? ' (removed)' : ' (kept: --prune removes them)'}` : '';
    console.log(`src/i18n/${locale}.json: ${report.missing.length} to translate${stale}`);
    for (const key of report.missing) console.log(`  + ${JSON.stringify(key)}`);
    if (!prune) for (const key of report.stale) console.log(`  - ${JSON.stringify(key)}`);
  }
  if (todo > 0) console.log('Add the missing translations (English text -> translation) to each file; `npx jest test/i18n` checks them.');
}

if (require.main === module) main();

/**
 * Issue 27: the tarball, installed and read the way the platform does. The engine finds the entry
 * from package.json, reads `src/i18n/<locale>.json` next to it with the framework's
 * `initializeI18n`, and the server answers `GET /v1/pieces/:name?locale=de` with
 * `pieceTranslation.translatePiece` over the stored metadata. Both steps run here with the
 * framework's own functions, on the packed tarball.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pieceTranslation, type PieceMetadataModel } from '@activepieces/pieces-framework';
import { LocalesEnum } from '@activepieces/shared';
import { packPiece } from '../../scripts/pack';
import { PLATFORM_LOCALES, extractTranslations, localeFile, readTranslations } from '../../scripts/i18n-extract';
import { runProbe } from '../../scripts/run-probe';

interface Probe {
  crashed?: string;
  entry: string;
  i18nRoot: string;
  metadata: any;
  i18n?: Record<string, Record<string, string>>;
}

let work: string;
let tarball: string;
let packageDir: string;
let probe: Probe;

const translate = (locale?: string): any =>
  pieceTranslation.translatePiece({ piece: { ...probe.metadata, i18n: probe.i18n } as PieceMetadataModel, locale: locale as LocalesEnum | undefined });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vault-i18n-test-'));
  ({ tarball } = await packPiece(join(work, 'dist')));
  const install = join(work, 'install');
  mkdirSync(install);
  execFileSync('tar', ['-xzf', tarball, '-C', install]);
  packageDir = join(install, 'package');
  copyFileSync(join(__dirname, 'fixtures/i18n-probe.js'), join(work, 'i18n-probe.js'));
  const framework = dirname(require.resolve('@activepieces/pieces-framework/package.json'));
  probe = await runProbe<Probe>({ cwd: work, script: 'i18n-probe.js', input: { packageDir, framework } });
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball, installed like the platform installs it', () => {
  it('ships translation.json and one file per platform locale in package/src/i18n', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const shipped = files.filter((f) => f.startsWith('package/src/i18n/')).sort();
    expect(shipped).toEqual([...PLATFORM_LOCALES.map((l) => `package/src/i18n/${l}.json`), 'package/src/i18n/translation.json'].sort());
  });

  it('is found by the engine: i18n is read two folders above the entry, next to package.json', () => {
    expect(probe.crashed).toBeUndefined();
    expect(probe.entry).toBe(join(packageDir, 'src/index.js'));
    expect(probe.i18nRoot).toBe(packageDir);
    expect(Object.keys(probe.i18n ?? {}).sort()).toEqual([...PLATFORM_LOCALES].sort());
  });
});

describe('GET /v1/pieces/:name?locale=de (the server\'s translatePiece over the stored metadata)', () => {
  let de: any;
  beforeAll(() => {
    de = translate('de');
  });

  it('translates the description, the connection, actions, triggers, props and option labels', () => {
    expect(de.description).toMatch(/^Secrets \(KV v1\/v2\), Zertifikate \(PKI\)/);
    expect(de.auth.description).toMatch(/^Verbindet sich mit HashiCorp Vault/);
    expect(de.auth.props.url.displayName).toBe('Vault-Adresse');
    expect(de.auth.props.section_tls.description).toBe('### TLS');
    expect(de.auth.props.section_approle_login.description).toBe('### Anmeldung mit AppRole');
    expect(de.auth.props.authMethod.options.options.map((o: { label: string }) => o.label)).toContain('AppRole (empfohlen)');
    expect(de.actions.read_secret.displayName).toBe('Secret-Wert lesen');
    expect(de.actions.read_secret.description).toMatch(/^Liest EINEN Wert per Referenz/);
    expect(de.actions.write_secret.props.mode.displayName).toBe('Modus');
    expect(de.actions.write_secret.props.mode.options.options.map((o: { label: string }) => o.label)).toEqual([
      'Zusammenführen mit dem vorhandenen Secret',
      'Ersetzen: das ganze Secret überschreiben',
      'Nur anlegen (Fehler, wenn vorhanden)',
    ]);
    expect(de.actions.create_token.description).toContain('WARNUNG: Die Ausgabe enthält das neue Token, ein SECRET');
    expect(de.triggers.secret_updated.displayName).toBe('Secret aktualisiert');
    expect(de.triggers.secret_updated.props.includeValues.description).toContain('Protokollen der Flow-Läufe');
    expect(de.triggers.certificate_expiring.props.withinDays.displayName).toBe('Innerhalb von Tagen');
  });

  it('leaves no translatable string in English: every one is the German file\'s text', () => {
    const germanTexts = new Set(Object.values(readTranslations(localeFile('de'))));
    const shown = Object.values(extractTranslations(de));
    expect(shown.filter((text) => !germanTexts.has(text))).toEqual([]);
    expect(new Set(shown)).toEqual(germanTexts);
  });

  it('changes only texts: names, prop keys, option values and defaults are the English ones', () => {
    const english = translate(undefined);
    const shape = (m: any) =>
      JSON.stringify(m, (key, value) => (['displayName', 'description', 'label'].includes(key) && typeof value === 'string' ? '' : value));
    expect(shape(de)).toBe(shape(english));
    expect(english.actions.read_secret.displayName).toBe('Read Secret Value');
  });
});

describe('every platform locale', () => {
  it.each(PLATFORM_LOCALES)('%s: the server shows each translatable string in that language', (locale) => {
    const texts = new Set(Object.values(readTranslations(localeFile(locale))));
    const shown = Object.values(extractTranslations(translate(locale)));
    expect(shown.filter((text) => !texts.has(text))).toEqual([]);
  });
});

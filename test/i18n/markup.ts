/**
 * What a translation must keep of its English text, compared string by string: backticked spans,
 * Markdown structure, placeholders, URLs, numbers, code-like words, and Vault's own terms.
 * Every pattern is a single pass with no nested quantifiers (linear on any input).
 */

/** The parts a translation must carry over unchanged (each list sorted, so order may change). */
export interface Markup {
  backticks: string[];
  links: number;
  headings: string[];
  listItems: number;
  emphasis: number;
  lineBreaks: number;
  placeholders: string[];
  urls: string[];
  numbers: string[];
  codeWords: string[];
}

const sorted = (items: Iterable<string>) => [...items].sort();
const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[0]);

/** Paths, identifiers and settings written outside backticks: `sys/internal/ui/mounts`, `role_id`, `bind_secret_id=false`, `/v1`. */
function codeWords(text: string): string[] {
  const words = all(text, /[\p{Script=Latin}\p{N}_.:/=<>*#@-]+/gu)
    .map((w) => w.replace(/^[.:]+|[.:]+$/g, ''))
    .filter((w) => w.includes('_') || w.includes('=') || w.startsWith('/') || w.includes('://') || w.split('/').length > 2);
  return sorted(words);
}

export function markupOf(text: string): Markup {
  const outsideBackticks = text.replace(/`[^`]*`/g, ' ');
  const lines = text.split('\n');
  return {
    backticks: sorted(all(text, /`[^`]*`/g)),
    links: all(outsideBackticks, /\[[^\]\n]*\]\([^)\s]*\)/g).length,
    headings: sorted(lines.map((l) => /^#{1,6} /.exec(l)?.[0]).filter((h): h is string => h !== undefined)),
    listItems: lines.filter((l) => /^\s*(?:[-*+]|\d+\.) /.test(l)).length,
    emphasis: all(outsideBackticks, /\*\*|__/g).length,
    lineBreaks: lines.length - 1,
    placeholders: sorted([...all(text, /\{\{[^}]*\}\}/g), ...all(text, /\[\[[^\]]*\]\]/g)]),
    urls: sorted(all(text, /https?:\/\/[^\s)`'"]+/g).map((u) => u.replace(/[.,;:]+$/, ''))),
    numbers: sorted(all(text, /\d+/g)),
    codeWords: codeWords(outsideBackticks),
  };
}

/**
 * Vault's and the industry's terms that stay as written: when the English has the word,
 * the translation has it too. Product names and acronyms keep their case; Vault's lower-case terms
 * (token, lease, namespace, mount, policy) may start with a capital (German nouns, titles).
 */
const KEPT_TERMS: Array<{ english: RegExp; kept: string; ignoreCase?: boolean }> = [
  ...['Vault', 'HashiCorp', 'OpenBao', 'HCP', 'AppRole', 'KV', 'PKI', 'JWT', 'OIDC', 'TLS', 'CA', 'CN', 'CSR', 'PEM', 'DER', 'HCL', 'ACL', 'TTL', 'CRL', 'DNS', 'JSON', 'HTTP', 'SAN', 'ISO', 'Unicode', 'Activepieces', 'Kubernetes'].map(
    (term) => ({ english: new RegExp(`\\b${term}s?\\b`), kept: term }),
  ),
  { english: /\btransit\b/i, kept: 'transit', ignoreCase: true },
  { english: /\btokens?\b/i, kept: 'token', ignoreCase: true },
  { english: /\bleases?\b/i, kept: 'lease', ignoreCase: true },
  { english: /\bnamespaces?\b/i, kept: 'namespace', ignoreCase: true },
  { english: /\bmounts?\b/i, kept: 'mount', ignoreCase: true },
  { english: /\bpolic(?:y|ies)\b/i, kept: 'polic', ignoreCase: true },
];

/** The kept terms the English text has and the translation lacks. */
export function termsDropped(english: string, translated: string): string[] {
  return KEPT_TERMS.filter(({ english: re, kept, ignoreCase }) => {
    if (!re.test(english)) return false;
    return ignoreCase ? !translated.toLowerCase().includes(kept) : !translated.includes(kept);
  }).map((t) => t.kept);
}

/** Words of running text (backticked spans aside): a text of three or more is prose and must be translated. */
export function proseWords(text: string): number {
  return all(text.replace(/`[^`]*`/g, ' '), /[A-Za-z]{2,}/g).length;
}

/**
 * Texts that point to another action name one that exists: "prefer Read Secret" once pointed to an
 * action that was never called that (the translators found it). A phrase starting with an action's
 * verb and going on in Title Case is taken as an action name; it must be a display name, the name
 * without its qualifier ("Wrap Secret" for "Wrap Secret (One-Time Hand-Off)"), or its first
 * alternative ("Verify Signature").
 */
import { hashicorpVault } from '../../src';

/** Title Case phrases that start with an action verb and are not action names. */
const NOT_ACTION_NAMES = new Set(['Wrap TTL']);

const metadata = JSON.parse(JSON.stringify(hashicorpVault.metadata())) as {
  actions: Record<string, { displayName: string }>;
  triggers: Record<string, { displayName: string }>;
};
const actionNames = Object.values(metadata.actions).map((a) => a.displayName);

function textsOf(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (node !== null && typeof node === 'object') for (const child of Object.values(node)) textsOf(child, out);
  return out;
}

/** `phrase` is the name, the name without its qualifier, or its first alternative ("Verify Signature"). */
function namesAction(phrase: string, names: readonly string[]): boolean {
  return names.some((name) => {
    const base = name.endsWith(')') && name.includes(' (') ? name.slice(0, name.lastIndexOf(' (')) : name;
    return phrase === name || phrase === base || base.startsWith(`${phrase} or `);
  });
}

/**
 * Phrases like "Read Secret Value" or "Verify (Transit)" in `text`: an action verb, then words that
 * start with a capital or a qualifier in parentheses.
 */
function actionLikePhrases(text: string, verbs: ReadonlySet<string>): string[] {
  const phrases: string[] = [];
  for (const m of text.matchAll(/\b[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*| \([A-Z][A-Za-z]*\))+/g)) {
    const words = m[0].split(' ');
    const start = words.findIndex((w) => verbs.has(w));
    if (start >= 0 && start < words.length - 1) phrases.push(words.slice(start).join(' '));
  }
  return phrases;
}

it('every action a text names exists', () => {
  const verbs = new Set(actionNames.map((n) => n.split(' ')[0]));
  const unknown = textsOf(metadata)
    .flatMap((text) => actionLikePhrases(text, verbs))
    .filter((phrase) => !NOT_ACTION_NAMES.has(phrase) && !namesAction(phrase, actionNames));
  expect([...new Set(unknown)]).toEqual([]);
});

it('notices a name no action has', () => {
  const verbs = new Set(['Read']);
  expect(actionLikePhrases('prefer Read Secret for the few values', verbs).filter((p) => !namesAction(p, ['Read Secret Value']))).toEqual(['Read Secret']);
  expect(actionLikePhrases('prefer Read Secret Value for the few values', verbs).filter((p) => !namesAction(p, ['Read Secret Value']))).toEqual([]);
  const verify = ['Verify Signature or HMAC (Transit)'];
  expect(actionLikePhrases('check it with Verify (Transit).', new Set(['Verify'])).filter((p) => !namesAction(p, verify))).toEqual(['Verify (Transit)']);
  expect(actionLikePhrases('check it with Verify Signature or HMAC (Transit).', new Set(['Verify'])).filter((p) => !namesAction(p, verify))).toEqual([]);
});

/**
 * The texts a server may echo a secret as: the value itself, URL- and form-encoded, HTML-escaped,
 * JSON-escaped the way other languages write it (`\/`, `\u00e9`), and in base64 at each of the three
 * byte alignments, so the base64 of `user:password` (HTTP Basic) gives the password's form away too.
 */
import { stringLeaves } from '../vault/redact';

/** Shorter base64 fragments would match ordinary text by chance. */
const MIN_BASE64_FORM = 8;

/** A resolved value as the text it was inserted as. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? '';
}

/** Every text a resolved value may come back as; the JSON-escaped form is added by the redactor itself. */
export function secretForms(value: unknown): string[] {
  const texts = new Set<string>([valueText(value)]);
  // A whole reference to an object or list inserts JSON; each string in it is a secret too.
  if (value !== null && typeof value === 'object') for (const leaf of stringLeaves(value)) texts.add(leaf);
  const forms = new Set<string>();
  for (const text of texts) {
    if (text === '') continue;
    forms.add(text);
    forms.add(encodeURIComponent(text));
    forms.add(new URLSearchParams([['', text]]).toString().slice(1));
    forms.add(htmlEscaped(text));
    forms.add(text.replace(/\//g, '\\/'));
    forms.add(asciiJson(text));
    for (const b64 of base64Forms(text)) forms.add(b64);
  }
  return [...forms];
}

function htmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON-escaped with non-ASCII as `\uXXXX` (Python's `json.dumps` default), quotes left out. */
function asciiJson(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The base64 characters that depend only on the value's bytes, for the value starting at byte
 * offset 0, 1 or 2 of a 3-byte group, in both alphabets. Characters mixed with neighbouring bytes
 * are left out, so the form is found inside the base64 of any longer text.
 */
/** Base64 without its `=` padding (a loop: no pattern runs over the text). */
function withoutPadding(b64: string): string {
  let end = b64.length;
  while (end > 0 && b64[end - 1] === '=') end--;
  return b64.slice(0, end);
}

function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const whole = withoutPadding(bytes.toString('base64'));
  const out: string[] = whole.length >= MIN_BASE64_FORM ? [whole, whole.replace(/\+/g, '-').replace(/\//g, '_')] : [];
  for (const offset of [0, 1, 2]) {
    const total = offset + bytes.length;
    const full = withoutPadding(Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64'));
    const rest = total % 3;
    const determined = Math.floor(total / 3) * 4 + rest; // the last partial group's final character mixes with what follows
    const skip = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const core = full.slice(skip, determined);
    if (core.length < MIN_BASE64_FORM) continue;
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Transit speaks base64; people speak text. UTF-8 both ways, any Unicode. */
export function textToBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** `null` when the bytes are not UTF-8 text (data encrypted by something else). */
export function base64ToText(b64: string): string | null {
  try {
    return strictUtf8.decode(Buffer.from(b64, 'base64'));
  } catch {
    return null;
  }
}

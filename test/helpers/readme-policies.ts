/**
 * The README's table of the policy each signing, HMAC, data key and TOTP action needs, read so the
 * tests run every action with exactly that policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** The HCL `path "..." { ... }` snippets of the row for `action`, placeholders filled in. */
export function readmePolicies(action: string, fill: Record<string, string>): string[] {
  const row = README.split('\n').find((l) => l.startsWith(`| \`${action}\` | \`path `));
  if (!row) throw new Error(`README has no policy row for ${action}`);
  return [...row.matchAll(/`(path "[^"]+" \{ capabilities = \[[^\]]*\] \})`/g)].map((m) =>
    m[1].replace(/<(\w+)>/g, (_, name: string) => {
      if (!(name in fill)) throw new Error(`no value for <${name}>`);
      return fill[name];
    }),
  );
}

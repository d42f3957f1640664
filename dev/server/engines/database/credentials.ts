/** Usernames and passwords as Vault's database plugins make them. */
import { randomInt } from 'node:crypto';
import { randomAlnum } from '../../util/ids';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '-';

const pick = (chars: string) => chars[randomInt(chars.length)];

/** sdk/helper/random DefaultStringGenerator: 20 characters, at least one lower, upper, digit and '-'. */
export function generatePassword(): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < 20) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/**
 * The PostgreSQL plugin's default username template, which most plugins share:
 * {{ printf "v-%s-%s-%s-%s" (.DisplayName | truncate 8) (.RoleName | truncate 8) (random 20) (unix_time) | truncate 63 }}
 */
export function generateUsername(displayName: string, roleName: string, nowMs: number): string {
  const name = `v-${displayName.slice(0, 8)}-${roleName.slice(0, 8)}-${randomAlnum(20)}-${Math.floor(nowMs / 1000)}`;
  return name.slice(0, 63);
}

/** Props of the SSH actions, and the checks on an OpenSSH public key line (linear, no regex backtracking on the key). */
import { Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { textProblem } from '../vault/paths';
import { blankToUndefined, textList } from './validate';

/** Key types an OpenSSH public key line may name (Vault decides which its role accepts). */
const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

const MAX_KEY_LENGTH = 16 * 1024;
const MAX_PRINCIPALS = 256;
const MAX_PRINCIPAL_LENGTH = 256;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Why `line` is not one OpenSSH public key (`ssh-ed25519 AAAA... comment`), or undefined. Never
 * quotes the input: a private key pasted by mistake must not reach an error message.
 */
export function publicKeyProblem(line: string): string | undefined {
  if (line.length > MAX_KEY_LENGTH) return `it is longer than ${MAX_KEY_LENGTH} characters`;
  if (line.includes('PRIVATE KEY')) return 'it is a PRIVATE key: give the public key (the line of the .pub file), and keep the private key where it is';
  if (/[\r\n]/.test(line)) return 'it has more than one line: give one public key line (the content of the .pub file)';
  // A tab between the fields is harmless (the key is re-joined with one space before it is sent).
  const problem = textProblem(line.replace(/\t/g, ' '));
  if (problem) return problem;
  const [type, data] = line.split(/\s+/, 2);
  if (type.endsWith('-cert-v01@openssh.com')) return 'it is a certificate: give the public key it was made for';
  if (!KEY_TYPES.has(type)) return `it does not start with a key type (${[...KEY_TYPES].slice(0, 6).join(', ')}...)`;
  if (!data || data.length % 4 !== 0 || !BASE64.test(data)) return 'the key after the type is not base64';
  const blob = Buffer.from(data, 'base64');
  const named = blob.length >= 4 ? blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1') : '';
  if (named !== type) return 'the key data does not match its type (a damaged or truncated line?)';
  return undefined;
}

export const publicKeySchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Public key is required (an OpenSSH public key line)' })
    .min(1, 'Public key is required (an OpenSSH public key line such as "ssh-ed25519 AAAA... you@host")')
    .superRefine((s, ctx) => {
      const problem = publicKeyProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: `Public key is not an OpenSSH public key: ${problem}` });
    })
    // `type base64`, one space: Vault splits on a single space and never uses the comment.
    .transform((s) => s.split(/\s+/, 2).join(' ')),
);

/** Comma-separated (or a list): trimmed, blanks and duplicates dropped, at least one. */
export const principalsSchema = textList('Valid principals').superRefine((items, ctx) => {
  const add = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (items.length === 0) {
    add(
      'Valid principals is required: at least one user name (user certificates) or host name (host certificates). ' +
        'Without one, Vault signs a certificate that is valid for ANY user or host.',
    );
  } else if (items.length > MAX_PRINCIPALS) add(`Valid principals: at most ${MAX_PRINCIPALS}`);
  else if (items.some((p) => p.length > MAX_PRINCIPAL_LENGTH)) add(`Valid principals: each at most ${MAX_PRINCIPAL_LENGTH} characters`);
  else if (items.some((p) => textProblem(p) || /\s/.test(p))) add('Valid principals: a principal contains spaces or control characters');
});

export const certTypeSchema = z.preprocess(
  (v) => blankToUndefined(v) ?? 'user',
  z.enum(['user', 'host'], { error: 'Certificate type must be "user" or "host"' }),
);

export const sshPathProp = Property.ShortText({
  displayName: 'SSH mount path',
  description: 'Where the SSH secrets engine is mounted (default `ssh`).',
  required: false,
  defaultValue: 'ssh',
});

export const sshRoleProp = Property.ShortText({
  displayName: 'Role',
  description: 'The SSH role (key type `ca`) that decides which principals, certificate types, key types and TTLs are allowed.',
  required: true,
});

export const publicKeyProp = Property.LongText({
  displayName: 'Public key',
  description: 'The OpenSSH public key to certify: the line of the `.pub` file (`ssh-ed25519 AAAA... you@host`). Never the private key.',
  required: true,
});

export const validPrincipalsProp = Property.ShortText({
  displayName: 'Valid principals',
  description:
    'Comma-separated user names (user certificates) or host names (host certificates) the certificate is valid for. Required: ' +
    'a certificate without principals is valid for anyone.',
  required: true,
});

export const sshTtlProp = Property.ShortText({
  displayName: 'TTL',
  description: 'How long the certificate is valid: `30m`, `1h`, or seconds. Empty = the role\'s default; refused beyond the role\'s max TTL.',
  required: false,
});

export const certTypeProp = Property.StaticDropdown({
  displayName: 'Certificate type',
  description: '`user` to log in as one of the principals, `host` to prove a host\'s identity.',
  required: false,
  defaultValue: 'user',
  options: {
    options: [
      { label: 'User', value: 'user' },
      { label: 'Host', value: 'host' },
    ],
  },
});

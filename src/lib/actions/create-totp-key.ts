import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { TotpEngine } from '../vault/engines/totp';
import { clientFor } from '../common/client';
import { mountPathProp } from '../common/segments';
import { totpName, totpNameProp, totpPathProp } from '../common/totp-props';
import { ActionInputError, optionalBoolean, optionalText, parseProps } from '../common/validate';

const propsSchema = z.object({
  totpPath: mountPathProp('TOTP mount path', 'totp'),
  name: totpName,
  issuer: optionalText.pipe(z.string().max(512, 'Issuer is too long').optional()),
  accountName: optionalText.pipe(z.string().max(512, 'Account name is too long').optional()),
  generate: optionalBoolean,
  url: optionalText.pipe(
    z
      .string()
      .max(8192, 'URL is too long')
      .refine((u) => u.slice(0, 10).toLowerCase() === 'otpauth://', 'URL must be an otpauth:// URL (otpauth://totp/Issuer:account?secret=...)')
      .optional(),
  ),
});

/** A file name for the QR code made of the key name's safe characters. */
function pngName(name: string): string {
  return `totp-${name.replace(/[^A-Za-z0-9_.@-]/g, '_')}.png`;
}

export const createTotpKey = createAction({
  auth: vaultAuth,
  name: 'create_totp_key',
  displayName: 'Create TOTP Key',
  description:
    'Creates (or replaces) a TOTP key: Vault generates a new seed ("Generate"), or imports one from an `otpauth://` URL. ' +
    'Generate returns `{url, barcode, barcodeFile}`: the URL holds the seed, a SECRET (anyone with it can make codes), and the QR code ' +
    '(`barcode`, base64 PNG, also saved as the file `barcodeFile`) is the same secret as a picture for an authenticator app to scan. ' +
    'Generating needs a read-and-write connection; importing needs one that may write.',
  audience: 'both',
  aiMetadata: {
    description:
      'Create a TOTP key in Vault. generate: true returns {url, barcode, barcodeFile}; the otpauth URL and the QR code contain the seed, a secret: never show them to anyone but the key\'s owner. ' +
      'url: "otpauth://..." imports an existing seed and returns no secret. Replaces any key of the same name.',
    idempotent: false,
  },
  props: {
    totpPath: totpPathProp,
    name: totpNameProp,
    generate: Property.Checkbox({
      displayName: 'Generate',
      description: 'Let Vault generate the seed and return its URL and QR code. Leave off to import a URL instead.',
      required: false,
      defaultValue: false,
    }),
    issuer: Property.ShortText({
      displayName: 'Issuer',
      description: 'Who issues the codes, shown in authenticator apps (e.g. `ACME`). Required to generate; taken from the URL when importing.',
      required: false,
    }),
    accountName: Property.ShortText({
      displayName: 'Account name',
      description: 'Whose codes these are (e.g. `alice@example.com`). Required to generate; taken from the URL when importing.',
      required: false,
    }),
    url: Property.LongText({
      displayName: 'URL to import',
      description: 'An `otpauth://totp/...` URL from another system. It holds the seed, a SECRET: map it from a secret rather than typing it here.',
      required: false,
    }),
  },
  async run(context) {
    const props = parseProps('create_totp_key', propsSchema, context.propsValue);
    const refuse = (why: string) => new ActionInputError(`create_totp_key: invalid input. ${why}`);
    if (props.generate && props.url !== undefined) throw refuse('Give either "Generate" or a URL to import, not both');
    if (!props.generate && props.url === undefined) throw refuse('Turn on "Generate", or give an otpauth:// URL to import');
    const totp = new TotpEngine(clientFor(context.auth), props.totpPath);
    if (props.url !== undefined) {
      await totp.importKey(props.name, { url: props.url, issuer: props.issuer, accountName: props.accountName });
      return { name: props.name, imported: true };
    }
    if (!props.issuer || !props.accountName) throw refuse('"Issuer" and "Account name" are required to generate a key');
    const key = await totp.generateKey(props.name, { issuer: props.issuer, accountName: props.accountName });
    if (!key.barcode) return { name: props.name, url: key.url };
    const barcodeFile = await context.files.write({ fileName: pngName(props.name), data: Buffer.from(key.barcode, 'base64') });
    return { name: props.name, url: key.url, barcode: key.barcode, barcodeFile };
  },
});

import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { assertAccess } from '../vault/access';
import { WrappingEngine } from '../vault/engines/wrapping';
import { clientFor } from '../common/client';
import { secretPathProp, versionProp } from '../common/kv-props';
import { optionalInt, parseProps, requiredText } from '../common/validate';
import { wrapTtlProp, wrapTtlSchema } from '../common/wrapping-props';

const propsSchema = z.object({
  path: requiredText('Secret path'),
  version: optionalInt('Version', 1),
  wrapTtl: wrapTtlSchema,
});

export const wrapSecret = createAction({
  auth: vaultAuth,
  name: 'wrap_secret',
  displayName: 'Wrap Secret (One-Time Hand-Off)',
  description:
    'Reads a KV secret (v1 or v2) as a single-use wrapping token instead of its values: give the token to a person or another system, ' +
    'who unwraps it once (`vault unwrap <token>`, or Unwrap) before the Wrap TTL ends. The secret\'s values never enter the run. ' +
    'Returns `{token, accessor, ttl, creationTime, creationPath}`; the token is itself a secret until used. Needs a read-and-write connection.',
  props: {
    path: secretPathProp,
    version: versionProp,
    wrapTtl: wrapTtlProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Hands a stored KV secret to someone without revealing it: returns a single-use wrapping token (not the values) that unwraps to the secret once, within wrapTtl (default 15m). ' +
      'Use it instead of reading a secret when a person or system needs the value. Every call mints a new token that grants access to the secret: pass it only to the intended recipient.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('wrap_secret', propsSchema, context.propsValue);
    const client = clientFor(context.auth);
    // Locating the mount is a request: a connection that may not mint is refused before it.
    assertAccess(client.config, 'mint', props.path);
    const location = await client.kv.locate(props.path);
    return new WrappingEngine(client).wrapSecret(location, props.wrapTtl, props.version);
  },
});

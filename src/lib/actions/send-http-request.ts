import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { destinationOf, buildUrl } from '../http-request/destination';
import { sendOutbound, type OutboundMethod } from '../http-request/outbound';
import { encodeBody, queryPairs, requestHeaders, type BodyType } from '../http-request/request-parts';
import { resolveRequest } from '../http-request/resolve-request';
import { createAnswerScrubber } from '../http-request/scrub-answer';
import { statusFailure } from '../http-request/status-failure';
import { valueText } from '../http-request/secret-forms';
import { isWholeReference, scanReferences } from '../references/parse';
import { createVaultResolver } from '../references/vault-resolver';
import { clientForRead } from '../common/client';
import { MAX_NESTING, nestingWithin, parseJsonText } from '../common/json-input';
import { ActionInputError, blankToUndefined, optionalBoolean, optionalInt, parseProps, requiredText } from '../common/validate';
import { methodDropdown, methodSchema } from '../common/method-prop';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const satisfies readonly OutboundMethod[];
const BODY_TYPES = ['json', 'text', 'form'] as const satisfies readonly BodyType[];
const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 300;
const MAX_URL_LENGTH = 16_384;
/** The answer becomes the step's output, which the run keeps: a few megabytes at most. */
export const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const nameValues = (what: string, values: z.ZodType) =>
  z.preprocess(
    (v) => blankToUndefined(parseJsonText(v)) ?? {},
    z.record(z.string(), values, { error: `${what} must be an object of names and values` }),
  );

const propsSchema = z.object({
  method: methodSchema(METHODS, 'GET'),
  url: requiredText('URL').pipe(z.string().max(MAX_URL_LENGTH, `URL must be at most ${MAX_URL_LENGTH} characters`)),
  headers: nameValues('Headers', scalar),
  queryParams: nameValues('Query parameters', z.union([scalar, z.array(scalar)])),
  body: z.unknown().refine((b) => nestingWithin(b), `Body is nested more than ${MAX_NESTING} levels deep; flatten it.`),
  bodyType: z.preprocess((v) => blankToUndefined(v) ?? 'json', z.enum(BODY_TYPES, { error: `Body type must be one of ${BODY_TYPES.join(', ')}` })),
  timeoutSeconds: optionalInt('Timeout (seconds)', 1).refine(
    (s) => s === undefined || s <= MAX_TIMEOUT_SECONDS,
    `Timeout (seconds) must be at most ${MAX_TIMEOUT_SECONDS}`,
  ),
  failOnHttpError: optionalBoolean,
});

/** A JSON body typed as text is parsed before references are resolved (a value is never parsed as JSON). */
function bodyAsTyped(bodyType: BodyType, body: unknown): unknown {
  const b = blankToUndefined(body);
  if (bodyType === 'text' || typeof b !== 'string') return b;
  const parsed = parseJsonText(b);
  // The whole body one reference: sent as the value, in JSON.
  const refs = scanReferences(b);
  if (parsed === b && refs.length === 1 && refs[0].ok && isWholeReference(b, refs[0].ref)) return b;
  if (parsed === b) throw new ActionInputError(`send_http_request: "body" is not valid JSON (body type "${bodyType}")`);
  return parsed;
}

export const sendHttpRequest = createAction({
  auth: vaultAuth,
  name: 'send_http_request',
  displayName: 'Send HTTP Request (Secrets from Vault)',
  description:
    'Calls any HTTP API with secrets from Vault filled in inside the step, so they never become a step output: write ' +
    '`[[vault:mount/data/path/key]]` in the URL\'s path or query, header values, query values or anywhere in the body. ' +
    'Returns `{status, headers, body}` with every secret it used replaced by `[redacted]`, also where the server echoes it (URL-encoded, base64...). ' +
    'References may not stand in the scheme, host or port; redirects are not followed; the Vault token is never sent. ' +
    'A reference that does not resolve fails the step before anything is sent.',
  props: {
    method: methodDropdown(METHODS),
    url: Property.ShortText({
      displayName: 'URL',
      description: '`https://api.example.com/v1/items?key=[[vault:secret/data/app/api_key]]`. Values put in the URL are URL-encoded.',
      required: true,
    }),
    headers: Property.Object({
      displayName: 'Headers',
      description: 'e.g. `Authorization` = `Bearer [[vault:secret/data/app/api_token]]`.',
      required: false,
    }),
    queryParams: Property.Object({
      displayName: 'Query parameters',
      description: 'Added to the URL\'s query, encoded; values may hold references.',
      required: false,
    }),
    body: Property.Json({
      displayName: 'Body',
      description:
        'A JSON object (or text with body type `text`); strings at any depth may hold references. A string that is exactly one reference takes the value\'s own type in a JSON body. Ignored for HEAD.',
      required: false,
    }),
    bodyType: Property.StaticDropdown({
      displayName: 'Body type',
      description: '`json` (default), `text`, or `form` (`application/x-www-form-urlencoded` from an object of fields). A Content-Type header overrides the type sent.',
      required: false,
      defaultValue: 'json',
      options: {
        options: [
          { label: 'JSON', value: 'json' },
          { label: 'Text', value: 'text' },
          { label: 'Form (URL-encoded)', value: 'form' },
        ],
      },
    }),
    timeoutSeconds: Property.Number({
      displayName: 'Timeout (seconds)',
      description: `The whole request, connecting and reading the answer included. Default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS}.`,
      required: false,
    }),
    failOnHttpError: Property.Checkbox({
      displayName: 'Fail on HTTP error',
      description: 'Fail the step when the answer is 400 or above (the message carries the scrubbed start of the answer). Off: return it as output.',
      required: false,
      defaultValue: true,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Calls an HTTP API using secrets stored in Vault without seeing them: put [[vault:mount/data/path/key]] in the URL path or query, header values, query values or body strings; ' +
      'the step fills them in and returns {status, headers, body} with every secret replaced by [redacted]. Use this instead of reading a secret. ' +
      'References cannot choose the host; redirects are not followed. Not idempotent in general (POST, PATCH...): repeat only safe methods.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('send_http_request', propsSchema, context.propsValue);
    // Checked as typed, before any secret is read: the destination is fixed by the flow, not by a value.
    const destination = destinationOf(props.url);
    const body = props.method === 'HEAD' ? undefined : bodyAsTyped(props.bodyType, props.body);
    const client = await clientForRead(context);
    const resolved = await resolveRequest({ url: props.url, headers: props.headers, query: props.queryParams, body }, createVaultResolver({ client }));
    const scrubber = createAnswerScrubber(resolved.values);

    const url = buildUrl(props.url, destination, (ref) => valueText(resolved.valueOf(ref)), queryPairs(resolved.query));
    const headers = requestHeaders(resolved.headers);
    const encoded = encodeBody(props.bodyType, resolved.body);
    if (encoded && headers['content-type'] === undefined) headers['content-type'] = encoded.contentType;
    const describe = `${props.method} ${destination.shown}`;

    const answer = await sendOutbound({
      method: props.method,
      url,
      headers,
      body: encoded?.payload,
      timeoutMs: (props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      maxAnswerBytes: MAX_ANSWER_BYTES,
      describe,
    });
    const contentType = answer.headers['content-type'];
    const text = answer.body.toString('utf8');
    if (answer.status >= 400 && (props.failOnHttpError ?? true)) {
      throw statusFailure({ describe, origin: destination.origin, status: answer.status, excerpt: scrubber.text(text) });
    }
    return {
      status: answer.status,
      headers: scrubber.headers(answer.headers),
      body: text === '' ? null : scrubber.body(text, Array.isArray(contentType) ? contentType[0] : contentType),
    };
  },
});

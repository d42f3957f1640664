import { createAction, Property } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { MAX_JSON_DEPTH, depthWithin } from '../vault/json-walk';
import { createRedactor, redactLeaves } from '../vault/redact';
import type { HttpMethod, VaultClient } from '../vault/types';
import { clientForRead } from '../common/client';
import { pathProblem, toRequestPath, trimLeadingSlashes, trimTrailingSlashes } from '../vault/paths';
import { blankToUndefined, parseProps, requiredText } from '../common/validate';
import { methodDropdown, methodSchema } from '../common/method-prop';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'LIST'] as const satisfies readonly HttpMethod[];

/** `/v1/sys/health`, `v1/sys/health` and `sys/health` are the same request. */
const apiPath = requiredText('Path')
  .transform((s) => trimTrailingSlashes(trimLeadingSlashes(s).replace(/^v1\//, '')))
  .refine((s) => s.length > 0, 'Path is required (below /v1/, e.g. sys/health)')
  .refine((s) => !/[?#]/.test(s), 'Put query parameters in "Query", not in the path')
  .superRefine((s, ctx) => {
    const problem = pathProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: `Path is not allowed: ${problem}` });
  });

const propsSchema = z.object({
  method: methodSchema(METHODS),
  path: apiPath,
  query: z.preprocess(
    blankToUndefined,
    z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
        error: 'Query must be an object of text, number or boolean values',
      })
      .optional(),
  ),
  body: z.preprocess((v) => {
    const b = blankToUndefined(v);
    if (typeof b !== 'string') return b;
    try {
      return JSON.parse(b);
    } catch {
      return Symbol('invalid'); // rejected below without echoing the text
    }
  }, z.unknown().refine((b) => typeof b !== 'symbol', 'Body must be valid JSON').refine((b) => depthWithin(b), `Body is nested more than ${MAX_JSON_DEPTH} levels deep`)),
});

export const customApiCall = createAction({
  auth: vaultAuth,
  name: 'custom_api_call',
  displayName: 'Custom API Call',
  description:
    'Calls any Vault HTTP API endpoint with this connection (token, namespace, TLS, retries). ' +
    'Fails on a Vault error (status 400 and above) with Vault\'s message. Returns `{status, body}`; ' +
    'the body may contain secrets when the endpoint returns them, except the connection\'s own token and credentials, which are replaced by `[redacted]`. ' +
    'Needs a read-and-write connection: what an arbitrary endpoint does cannot be told from its method and path.',
  props: {
    method: methodDropdown(METHODS),
    path: Property.ShortText({
      displayName: 'Path',
      description: 'Below `/v1/`, e.g. `sys/health` or `secret/data/app`.',
      required: true,
    }),
    query: Property.Object({
      displayName: 'Query',
      description: 'Query parameters, e.g. `version` = `2`.',
      required: false,
    }),
    body: Property.Json({
      displayName: 'Body',
      description: 'JSON body for POST, PUT and PATCH.',
      required: false,
    }),
  },
  // Not a tool for agents (README, "AI agents"): its output holds a secret or a new credential, or it grants access.
  audience: 'human',
  aiMetadata: {
    description:
      'Calls any Vault endpoint with the connection: it may return secrets or change anything, and cannot be checked in advance.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('custom_api_call', propsSchema, context.propsValue);
    const reading = props.method === 'GET' || props.method === 'LIST';
    const client = await clientForRead(context);
    const res = await client.request({
      // Its effect cannot be told from method and path: read-and-write connections only.
      access: 'unknown',
      method: props.method,
      path: toRequestPath(props.path),
      query: props.query,
      body: reading ? undefined : props.body,
      idempotent: reading,
      contentType: props.method === 'PATCH' ? 'application/merge-patch+json' : undefined,
    });
    return { status: res.status, body: await withoutConnectionCredentials(client, res.body ?? null) };
  },
});

/**
 * The connection's own token and credentials never reach the output (`auth/token/lookup-self`
 * answers with the token itself): a flow, or anyone who reads its run logs, could otherwise use
 * the token directly, outside the connection's access mode and path prefix. Other tokens an
 * endpoint returns are the answer the person asked for and are kept.
 */
async function withoutConnectionCredentials(client: VaultClient, body: unknown): Promise<unknown> {
  const { config } = client;
  const current = await client.token();
  const credentials = [current.clientToken, ...config.secrets];
  return redactLeaves(body, createRedactor(credentials, { tokenShaped: false }));
}

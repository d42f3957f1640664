/**
 * The trivial piece `bench/load.ts` measures ours against: createPiece, a CustomAuth
 * whose validate makes one HTTP call (Node's own fetch, so the piece bundles no HTTP client), and
 * two actions. Bundled with exactly the settings of our piece, plain and optimised.
 */
import { createAction, createPiece, PieceAuth, Property } from '@activepieces/pieces-framework';
import { PieceCategory } from '@activepieces/shared';

export const trivialAuth = PieceAuth.CustomAuth({
  displayName: 'Connection',
  required: true,
  props: {
    url: Property.ShortText({ displayName: 'URL', required: true }),
    token: PieceAuth.SecretText({ displayName: 'Token', required: false }),
  },
  validate: async ({ auth }) => {
    try {
      const res = await fetch(`${auth.url.replace(/\/+$/, '')}/v1/sys/health`);
      await res.text();
      return res.ok ? { valid: true } : { valid: false, error: `HTTP ${res.status}` };
    } catch (e) {
      return { valid: false, error: e instanceof Error ? e.message : String(e) };
    }
  },
});

const echo = createAction({
  name: 'echo',
  auth: trivialAuth,
  displayName: 'Echo',
  description: 'Returns its text.',
  props: { text: Property.ShortText({ displayName: 'Text', required: true }) },
  run: async (ctx) => ctx.propsValue.text,
});

const add = createAction({
  name: 'add',
  auth: trivialAuth,
  displayName: 'Add',
  description: 'Adds two numbers.',
  props: {
    a: Property.Number({ displayName: 'A', required: true }),
    b: Property.Number({ displayName: 'B', required: true }),
  },
  run: async (ctx) => ctx.propsValue.a + ctx.propsValue.b,
});

export const trivialPiece = createPiece({
  displayName: 'Trivial',
  description: 'Two actions and a connection, for load-time comparisons.',
  logoUrl: 'https://cdn.activepieces.com/pieces/trivial.png',
  authors: ['bench'],
  auth: trivialAuth,
  categories: [PieceCategory.DEVELOPER_TOOLS],
  minimumSupportedRelease: '0.82.0',
  actions: [echo, add],
  triggers: [],
});

import type { Ctx } from '../types';
import { fail, type Result } from '../util/respond';
import { SealError } from '../state/seal';

/**
 * sys/init (http/sys_init.go): GET tells whether the Vault is initialised; PUT splits a new key into
 * `secret_shares` shares, `secret_threshold` of which unseal, and mints the root token. The Vault
 * stays sealed until enough shares are given to sys/unseal.
 */
export function init(ctx: Ctx): Result {
  const { core } = ctx;
  if (ctx.method === 'GET') return { status: 200, body: { initialized: core.seal.initialized } };
  if (ctx.method !== 'PUT' && ctx.method !== 'POST') return fail(405);
  const shares = Number(ctx.body.secret_shares ?? 0);
  const threshold = Number(ctx.body.secret_threshold ?? 0);
  let keys: Buffer[];
  try {
    keys = core.seal.initialize(Number.isInteger(shares) ? shares : 0, Number.isInteger(threshold) ? threshold : 0);
  } catch (e) {
    if (e instanceof SealError) return fail(e.status, e.message);
    throw e;
  }
  core.rootToken = core.createRootToken(undefined, true);
  return {
    status: 200,
    body: { keys: keys.map((k) => k.toString('hex')), keys_base64: keys.map((k) => k.toString('base64')), root_token: core.rootToken.id },
  };
}

/** PKI revoke, crl/rotate and tidy as Vault 1.8 answers them (path_revoke.go, crl_util.go, path_tidy.go). */
import type { Ctx } from '../../types';
import { parseDurationSecond } from '../../util/field-schema';
import { badRequest, fail, noContent, ok, wrapped, type Result } from '../../util/respond';
import { rebuildCrl, revokeSerial } from './authority';
import { NO_CA } from './fetch';
import { stringField } from './fields';
import type { PkiState } from './state';
import { rfc3339Nano } from '../../util/clock';

/** POST revoke {serial_number}: colon or hyphen form, any case. */
export function revoke(state: PkiState, ctx: Ctx): Result {
  const input = stringField(ctx.body, 'serial_number') ?? '';
  if (input === '') return badRequest('The serial number must be provided');
  const serial = input.toLowerCase().replace(/-/g, ':');
  const outcome = revokeSerial(state, serial, ctx.core.clock.nowMs());
  if ('noCa' in outcome) return badRequest(`could not fetch the CA certificate: ${NO_CA}`);
  if ('error' in outcome) return badRequest(outcome.error);
  if ('notFound' in outcome) return badRequest(`certificate with serial ${serial} not found`);
  // an expired certificate is not put on the CRL: revokeCert returns nothing
  if ('expired' in outcome) return noContent();
  return ok({ revocation_time: Math.floor(outcome.revokedAtMs / 1000), revocation_time_rfc3339: rfc3339Nano(outcome.revokedAtMs) });
}

/** GET crl/rotate: rebuilds the CRL. */
export function rotateCrl(state: PkiState, ctx: Ctx): Result {
  if (!state.ca) return badRequest(`Error during CRL building: could not fetch the CA certificate: ${NO_CA}`);
  rebuildCrl(state, ctx.core.clock.nowMs());
  return ok({ success: true });
}

const DEFAULT_SAFETY_BUFFER = 72 * 3600;

/**
 * POST tidy: drops stored (tidy_cert_store) and revoked (tidy_revoked_certs) certificates that expired
 * more than safety_buffer ago. Vault runs it in the background and answers 202 at once with a warning
 * (logical.RespondWithStatusCode: the JSON body carries no request id); here it is done before answering.
 */
export function tidy(state: PkiState, ctx: Ctx): Result {
  const b = ctx.body;
  let buffer = DEFAULT_SAFETY_BUFFER;
  if (b.safety_buffer !== undefined && b.safety_buffer !== null && b.safety_buffer !== '') {
    const parsed = parseDurationSecond(typeof b.safety_buffer === 'number' ? String(b.safety_buffer) : b.safety_buffer);
    if (parsed instanceof Error) return fail(500, wrapped(`error converting input ${String(b.safety_buffer)} for field "safety_buffer": ${parsed.message}`));
    buffer = parsed;
  }
  if (buffer < 1) return badRequest('safety_buffer must be greater than zero');
  const on = (v: unknown) => v === true || v === 'true' || v === 1;
  const cutoff = ctx.core.clock.nowMs() - buffer * 1000;
  if (on(b.tidy_cert_store)) {
    for (const [serial, cert] of state.certs) if (cert.notAfterMs < cutoff && serial !== state.ca?.serial) state.certs.delete(serial);
  }
  if (on(b.tidy_revoked_certs)) {
    let changed = false;
    for (const serial of [...state.revoked.keys()]) {
      const cert = state.certs.get(serial);
      if (!cert || cert.notAfterMs < cutoff) {
        state.revoked.delete(serial);
        changed = true;
      }
    }
    if (changed) rebuildCrl(state, ctx.core.clock.nowMs());
  }
  const body = {
    request_id: '',
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: null,
    warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."],
    auth: null,
  };
  return { status: 202, body };
}

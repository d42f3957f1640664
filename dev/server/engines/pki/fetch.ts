/**
 * The PKI read paths as Vault 1.8's pathFetchRead answers them (builtin/logical/pki/path_fetch.go):
 * `ca`, `ca/pem`, `ca_chain`, `crl`, `crl/pem` are raw bodies with their content type (204 when there
 * is nothing, still with that type); `cert/<serial>`, `cert/ca`, `cert/crl`, `cert/ca_chain` are JSON
 * `{certificate, revocation_time}`, 404 when there is nothing.
 */
import { badRequest, notFound, ok, type Result } from '../../util/respond';
import { pem } from './der';
import { normalizeSerial } from './serial';
import type { PkiState } from './state';

export const NO_CA = 'backend must be configured with a CA certificate/key';

const raw = (body: Buffer | string, contentType: string): Result =>
  body.length === 0 ? { status: 204, headers: { 'Content-Type': contentType } } : { status: 200, body: Buffer.from(body), headers: { 'Content-Type': contentType } };

/** The path's answer, or undefined when it is not a fetch path (cert/<not hex>). */
export function fetchPath(state: PkiState, path: string): Result | undefined {
  let contentType = '';
  let pemType = '';
  let what: 'ca' | 'ca_chain' | 'crl' | 'serial';
  let serial = '';
  switch (path) {
    case 'ca':
    case 'ca/pem':
      what = 'ca';
      contentType = 'application/pkix-cert';
      if (path === 'ca/pem') pemType = 'CERTIFICATE';
      break;
    case 'ca_chain':
    case 'cert/ca_chain':
      what = 'ca_chain';
      if (path === 'ca_chain') contentType = 'application/pkix-cert';
      break;
    case 'crl':
    case 'crl/pem':
      what = 'crl';
      contentType = 'application/pkix-crl';
      if (path === 'crl/pem') pemType = 'X509 CRL';
      break;
    case 'cert/crl':
      what = 'crl';
      pemType = 'X509 CRL';
      break;
    default: {
      // cert/(?P<serial>[0-9A-Fa-f-:]+): "cert/ca" is the CA in JSON, as "ca" is hex
      const m = /^cert\/([0-9A-Fa-f:-]+)$/.exec(path);
      if (!m) return undefined;
      serial = m[1];
      what = serial === 'ca' ? 'ca' : 'serial';
      pemType = 'CERTIFICATE';
    }
  }

  let body: Buffer | string | undefined;
  let revocationTime = 0;
  if (what === 'ca_chain') {
    if (!state.ca) return contentType ? raw('', contentType) : badRequest(NO_CA);
    // CAInfoBundle.GetCAChain leaves a self-signed root out: a root has no chain
    body = '';
  } else {
    const der = what === 'ca' ? state.caCert?.der : what === 'crl' ? state.crl : storedCert(state, serial);
    if (der) body = pemType ? pem(pemType, der) : der;
    if (what === 'serial' && der) {
      const revokedAt = state.revoked.get(normalizeSerial(serial) ?? '');
      if (revokedAt !== undefined) revocationTime = Math.floor(revokedAt / 1000);
    }
  }
  if (contentType) return raw(body ?? '', contentType);
  if (body === undefined) return notFound();
  return ok({ certificate: body.toString(), revocation_time: revocationTime });
}

function storedCert(state: PkiState, serial: string): Buffer | undefined {
  const colon = normalizeSerial(serial);
  return colon === undefined ? undefined : state.certs.get(colon)?.der;
}

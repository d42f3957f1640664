import type { Backend, Ctx } from '../types';
import type { ServerCore } from '../core';
import { calculateTtl, mountTtls } from '../util/lease-ttl';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { generateRoot, revokeSerial, signLeaf, rebuildCrl } from './pki/authority';
import { creationBundle } from './pki/bundle';
import { parseCsr, type ParsedCsr } from './pki/csr';
import { pem } from './pki/der';
import { intField, listField, stringField } from './pki/fields';
import { defaultKeyBits, describePublicKey, keyTypeError, newKeyPair, type KeyType } from './pki/keys';
import { certData, FORMAT_ERROR, formatOf } from './pki/output';
import { roleJson, writeRole, type PkiRole } from './pki/roles';
import { normalizeSerial } from './pki/serial';
import { newPkiState, type PkiState } from './pki/state';
import { rfc3339Nano } from './pki/times';

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const NO_CA = 'backend must be configured with a CA certificate/key';
const unsupportedPath = (): Result => fail(404, '1 error occurred:\n\t* unsupported path\n\n');
/** Errors a Vault handler returns as a Go error rather than a response: 500, wrapped by multierror. */
const internal = (message: string): Result => fail(500, `1 error occurred:\n\t* ${message}\n\n`);

const raw = (body: Buffer | string, contentType: string): Result =>
  body.length === 0 ? { status: 204 } : { status: 200, body: Buffer.from(body), headers: { 'Content-Type': contentType } };

/** The PKI secrets engine at any mount: one root CA, roles, issue/sign, revocation, CRL (see docs/dev-server.md). */
export class PkiBackend implements Backend {
  private readonly state: PkiState = newPkiState();

  /** PathsSpecial.Unauthenticated of builtin/logical/pki/backend.go. */
  unauthenticated(sub: string): boolean {
    return sub.startsWith('cert/') || ['ca', 'ca/pem', 'ca_chain', 'crl', 'crl/pem'].includes(sub);
  }

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^roles\/([^/]+)$/.exec(sub);
    return m ? this.state.roles.has(m[1]) : true;
  }

  handle(ctx: Ctx, sub: string): Result | Promise<Result> {
    // Leases that expired or lost their token revoke their certificates before anyone reads the CRL.
    ctx.core.leases.sweep(ctx.core);
    const path = ctx.method === 'LIST' ? sub.replace(/\/$/, '') : sub;
    const [head, ...rest] = path.split('/');
    const tail = rest.join('/');
    switch (head) {
      case 'root':
        if (tail === '' && ctx.method === 'DELETE') return this.deleteRoot();
        if (tail === 'generate/internal' || tail === 'generate/exported') return isWrite(ctx) ? this.generateRoot(ctx, tail.endsWith('exported')) : unsupported();
        return unsupportedPath();
      case 'config':
        return tail === 'urls' ? this.configUrls(ctx) : unsupportedPath();
      case 'roles':
        return tail === '' ? (ctx.method === 'LIST' ? listResult([...this.state.roles.keys()].sort()) : unsupported()) : this.role(ctx, tail);
      case 'issue':
      case 'sign':
        if (tail === '' || tail.includes('/')) return unsupportedPath();
        return isWrite(ctx) ? this.issueOrSign(ctx, tail, head === 'sign') : unsupported();
      case 'revoke':
        return tail === '' && isWrite(ctx) ? this.revoke(ctx) : unsupported();
      case 'certs':
        return tail === '' && ctx.method === 'LIST' ? listResult([...this.state.certs.keys()].sort()) : unsupported();
      case 'cert':
        return ctx.method === 'GET' ? this.fetchJson(tail) : unsupported();
      case 'ca':
      case 'ca_chain':
      case 'crl':
        return ctx.method === 'GET' ? this.fetchRaw(ctx, path) : unsupported();
      default:
        return unsupportedPath();
    }
  }

  private async generateRoot(ctx: Ctx, exported: boolean): Promise<Result> {
    if (this.state.ca) {
      const mount = ctx.mount?.path ?? '';
      return ok(null, {
        warnings: [`Refusing to generate a root certificate over an existing root certificate. If you really want to destroy the original root certificate, please issue a delete against ${mount}root.`],
      });
    }
    const format = formatOf(ctx.body);
    if (!format) return badRequest(FORMAT_ERROR);
    const keyType = (stringField(ctx.body, 'key_type') || 'rsa') as KeyType;
    const keyBits = intField(ctx.body, 'key_bits') || defaultKeyBits(keyType);
    const keyError = keyType === ('any' as KeyType) ? `unknown key type ${keyType}` : keyTypeError(keyType, keyBits);
    if (keyError) return badRequest(keyError);
    const made = await generateRoot(
      this.state,
      { body: ctx.body, displayName: ctx.token?.displayName ?? '', nowMs: ctx.core.clock.nowMs(), mountTtls: mountTtls(ctx.mount) },
      keyType,
      keyBits,
    );
    if (typeof made === 'string') return badRequest(made);
    const { ca } = made;
    const data = certData(
      { der: ca.der, serial: ca.serial, notAfterMs: ca.notAfterMs, caDer: ca.der, privateKey: exported ? ca.key : undefined },
      format,
      stringField(ctx.body, 'private_key_format') ?? '',
      false,
    );
    return ok({ ...data, issuer_id: ca.issuerId, issuer_name: '', key_id: ca.keyRef, key_name: '' }, { warnings: made.warnings });
  }

  private deleteRoot(): Result {
    this.state.ca = undefined;
    this.state.crl = undefined;
    return noContent();
  }

  private configUrls(ctx: Ctx): Result {
    const urls = this.state.urls;
    if (ctx.method === 'GET') return ok({ ...urls, enable_templating: false });
    if (!isWrite(ctx)) return unsupported();
    for (const key of ['issuing_certificates', 'crl_distribution_points', 'ocsp_servers'] as const) {
      const v = listField(ctx.body, key);
      if (v === undefined) continue;
      const badUrl = v.find((u) => !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(u));
      if (badUrl) return badRequest(`invalid ${key}, specify a valid URL (${badUrl})`);
      urls[key] = v;
    }
    return noContent();
  }

  private role(ctx: Ctx, name: string): Result {
    const roles = this.state.roles;
    switch (ctx.method) {
      case 'GET': {
        const role = roles.get(name);
        return role ? ok(roleJson(role)) : notFound();
      }
      case 'POST':
      case 'PUT': {
        const role = writeRole(roles.get(name), ctx.body);
        if (typeof role === 'string') return badRequest(role);
        roles.set(name, role);
        return noContent();
      }
      case 'DELETE':
        roles.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }

  private async issueOrSign(ctx: Ctx, roleName: string, sign: boolean): Promise<Result> {
    const role = this.state.roles.get(roleName);
    if (!role) return badRequest(`unknown role: ${roleName}`);
    if (!sign && role.key_type === 'any') return badRequest('role key type "any" not allowed for issuing certificates, only signing');
    const format = formatOf(ctx.body);
    if (!format) return badRequest(FORMAT_ERROR);
    const ca = this.state.ca;
    if (!ca) return badRequest(`could not fetch the CA certificate (was one set?): ${NO_CA}`);
    const now = ctx.core.clock.nowMs();
    let csr: ParsedCsr | undefined;
    if (sign) {
      const csrText = stringField(ctx.body, 'csr') ?? '';
      if (csrText === '') return badRequest('"csr" is empty');
      const parsed = parseCsr(csrText);
      if (typeof parsed === 'string') return badRequest(parsed);
      const keyError = csrKeyError(role, parsed.spki);
      if (keyError) return badRequest(keyError);
      csr = parsed;
    }
    const bundle = creationBundle({
      role,
      body: ctx.body,
      csr,
      displayName: ctx.token?.displayName ?? '',
      nowMs: now,
      mountTtls: mountTtls(ctx.mount),
      caNotAfterMs: ca.notAfterMs,
    });
    if (typeof bundle === 'string') return badRequest(bundle);
    if (csr && !csr.signatureValid) return badRequest('request signature invalid');
    const key = csr ? undefined : await newKeyPair(role.key_type as KeyType, role.key_bits);
    const issued = signLeaf(this.state, ca, role, bundle, csr ? csr.spki : key!.spki);
    const data = certData(
      { der: issued.der, serial: issued.serial, notAfterMs: issued.notAfterMs, caDer: ca.der, privateKey: key?.privateKey },
      format,
      stringField(ctx.body, 'private_key_format') ?? '',
    );
    const warnings = [...issued.warnings];
    if (csr && role.use_csr_common_name && stringField(ctx.body, 'common_name')) {
      warnings.push('the common_name field was provided but the role is set with "use_csr_common_name" set to true');
    }
    if (csr && role.use_csr_sans && stringField(ctx.body, 'alt_names')) {
      warnings.push('the alt_names field was provided but the role is set with "use_csr_sans" set to true');
    }
    if (!role.generate_lease) return ok(data, { warnings });
    return this.withLease(ctx, data, issued.serial, issued.notAfterMs, warnings);
  }

  /** generate_lease: the certificate becomes a lease that expires with it; revoking the lease revokes the certificate. */
  private withLease(ctx: Ctx, data: Record<string, unknown>, serial: string, notAfterMs: number, warnings: string[]): Result {
    const core: ServerCore = ctx.core;
    const now = core.clock.nowMs();
    const granted = calculateTtl({
      nowMs: now,
      increment: 0,
      backendTtl: Math.max(1, Math.floor((notAfterMs - now) / 1000)),
      backendMaxTtl: 0,
      mount: mountTtls(ctx.mount),
    });
    const ttl = 'error' in granted ? 0 : granted.ttl;
    const state = this.state;
    const lease = core.leases.create(
      {
        ns: ctx.ns,
        path: ctx.path,
        mountUuid: ctx.mount?.uuid ?? '',
        ttl,
        token: ctx.token,
        internal: { serial_number: serial },
        owner: { revoke: () => void revokeSerial(state, serial, core.clock.nowMs()) },
      },
      now,
    );
    return ok(data, { lease_id: lease.id, lease_duration: ttl, renewable: false, warnings });
  }

  private revoke(ctx: Ctx): Result {
    const input = stringField(ctx.body, 'serial_number') ?? '';
    if (input === '') return badRequest('The serial number or certificate to revoke must be provided.');
    const serial = normalizeSerial(input) ?? input;
    const outcome = revokeSerial(this.state, serial, ctx.core.clock.nowMs());
    if ('error' in outcome) return badRequest(outcome.error);
    if ('notFound' in outcome) return badRequest(`certificate with serial ${input} not found or was already revoked`);
    if ('expired' in outcome) return ok(null, { warnings: [`certificate with serial ${serial} already expired; refusing to add to CRL`] });
    return ok({
      revocation_time: Math.floor(outcome.revokedAtMs / 1000),
      revocation_time_rfc3339: rfc3339Nano(outcome.revokedAtMs),
      state: 'revoked',
    });
  }

  /** cert/<serial>, cert/ca, cert/ca_chain, cert/crl: JSON with the PEM in `certificate`. */
  private fetchJson(what: string): Result {
    const { ca, crl } = this.state;
    const plain = (certificate: string, extra: Record<string, unknown> = {}) =>
      ok({ certificate, revocation_time: 0, revocation_time_rfc3339: '', ...extra });
    if (what === 'ca' || what === 'ca_chain') {
      if (!ca) return badRequest(NO_CA);
      return what === 'ca' ? plain(ca.pem) : plain(ca.pem, { ca_chain: ca.pem });
    }
    if (what === 'crl') return plain(crl ? pem('X509 CRL', crl) : '');
    const serial = /^[0-9A-Fa-f:-]+$/.test(what) ? normalizeSerial(what) : undefined;
    if (serial === undefined) return /^[0-9A-Fa-f:-]+$/.test(what) ? notFound() : unsupportedPath();
    const cert = this.state.certs.get(serial);
    if (!cert) return notFound();
    const revokedAt = this.state.revoked.get(serial);
    if (revokedAt === undefined) return plain(pem('CERTIFICATE', cert.der));
    return ok({
      certificate: pem('CERTIFICATE', cert.der),
      revocation_time: Math.floor(revokedAt / 1000),
      revocation_time_rfc3339: rfc3339Nano(revokedAt),
      issuer_id: ca?.issuerId ?? '',
    });
  }

  /** ca, ca/pem, ca_chain, crl, crl/pem, crl/rotate: raw bodies with Vault's content types. */
  private fetchRaw(ctx: Ctx, path: string): Result {
    const { ca, crl } = this.state;
    switch (path) {
      case 'ca':
        return raw(ca ? ca.der : '', 'application/pkix-cert');
      case 'ca/pem':
        return raw(ca ? ca.pem : '', 'application/pem-certificate-chain');
      case 'ca_chain':
        return raw(ca ? ca.pem : '', 'application/pkix-cert');
      case 'crl':
        return raw(crl ?? '', 'application/pkix-crl');
      case 'crl/pem':
        return raw(crl ? pem('X509 CRL', crl) : '', 'application/x-pem-file');
      case 'crl/rotate':
        if (!ca) return internal(`error fetching CA certificate: ${NO_CA}`);
        rebuildCrl(this.state, ctx.core.clock.nowMs());
        return ok({ success: true });
      default:
        return unsupportedPath();
    }
  }
}

/** signCert's checks of the CSR's key against the role (builtin/logical/pki/cert_util.go). */
function csrKeyError(role: PkiRole, spki: Buffer): string | undefined {
  const key = describePublicKey(spki);
  if (role.key_type === 'any') {
    return key.type === 'rsa' && key.bits < 2048 ? 'RSA keys < 2048 bits are unsafe and not supported' : undefined;
  }
  if (key.type !== role.key_type) return `role requires keys of type ${role.key_type}`;
  if (key.type === 'rsa' && key.bits < 2048) return 'RSA keys < 2048 bits are unsafe and not supported';
  if (key.bits < role.key_bits) return `role requires a minimum of a ${role.key_bits}-bit key, but CSR's key is ${key.bits} bits`;
  return undefined;
}

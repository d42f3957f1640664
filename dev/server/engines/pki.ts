import type { Backend, Ctx } from '../types';
import type { ServerCore } from '../core';
import { FieldError } from '../util/durations';
import { readFields, type Schema } from '../util/field-schema';
import { calculateTtl, mountTtls } from '../util/lease-ttl';
import { badRequest, fail, listResult, noContent, ok, unsupported, wrapped, type Result } from '../util/respond';
import { generateRoot, revokeSerial, signLeaf } from './pki/authority';
import { creationBundle } from './pki/bundle';
import { parseCsr, type ParsedCsr } from './pki/csr';
import { fetchPath, NO_CA } from './pki/fetch';
import { listField, stringField } from './pki/fields';
import { describePublicKey, keyTypeError, newKeyPair, type KeyType } from './pki/keys';
import { revoke, rotateCrl, tidy } from './pki/maintenance';
import { certData, FORMAT_ERROR, formatOf } from './pki/output';
import { DEFAULT_ROLE, roleJson, writeRole, type PkiRole } from './pki/roles';
import { newPkiState, type PkiState } from './pki/state';

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const unsupportedPath = (): Result => fail(404, wrapped('unsupported path'));

/**
 * The fields of issue, sign, sign-verbatim and root/generate (pki/fields.go). These paths have no
 * existence check, so a field that does not convert fails FieldData.Validate inside the handler: a Go
 * error, 500 and wrapped (`ttl=abc`), where a role write answers 400.
 */
const ISSUE_FIELDS: Schema = {
  common_name: 'string',
  alt_names: 'string',
  ip_sans: 'commaStrings',
  uri_sans: 'commaStrings',
  other_sans: 'commaStrings',
  ttl: 'duration',
  format: 'string',
  private_key_format: 'string',
  exclude_cn_from_sans: 'bool',
  serial_number: 'string',
  csr: 'string',
  key_type: 'string',
  key_bits: 'int',
  key_usage: 'commaStrings',
  ext_key_usage: 'commaStrings',
  not_after: 'string',
};

function validated(ctx: Ctx): Result | undefined {
  try {
    readFields(ctx.body, ISSUE_FIELDS);
    return undefined;
  } catch (e) {
    if (e instanceof FieldError) return fail(500, wrapped(e.message));
    throw e;
  }
}

/** The PKI secrets engine as Vault 1.8 answers: one root CA, roles, issue/sign, revocation, CRL (docs/dev-server.md). */
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
        if (tail === '') return ctx.method === 'DELETE' ? this.deleteRoot() : unsupported();
        if (tail === 'generate/internal' || tail === 'generate/exported') return isWrite(ctx) ? this.generateRoot(ctx, tail.endsWith('exported')) : unsupported();
        return unsupportedPath();
      case 'config':
        return tail === 'urls' ? this.configUrls(ctx) : unsupportedPath();
      case 'roles':
        return tail === '' ? (ctx.method === 'LIST' ? listResult([...this.state.roles.keys()].sort()) : unsupported()) : this.role(ctx, tail);
      case 'issue':
      case 'sign':
        if (tail === '' || tail.includes('/')) return unsupportedPath();
        return isWrite(ctx) ? this.issueOrSign(ctx, this.state.roles.get(tail), tail, head === 'sign') : unsupported();
      case 'sign-verbatim':
        if (tail.includes('/')) return unsupportedPath();
        return isWrite(ctx) ? this.signVerbatim(ctx, tail) : unsupported();
      case 'revoke':
        if (tail !== '') return unsupportedPath();
        return isWrite(ctx) ? revoke(this.state, ctx) : unsupported();
      case 'tidy':
        if (tail !== '') return unsupportedPath();
        return isWrite(ctx) ? tidy(this.state, ctx) : unsupported();
      case 'certs':
        if (tail !== '') return unsupportedPath();
        // stored under the hyphen form (certs/5a-c1-...), so listed that way
        return ctx.method === 'LIST' ? listResult([...this.state.certs.keys()].map((s) => s.replace(/:/g, '-')).sort()) : unsupported();
      default:
        break;
    }
    if (path === 'crl/rotate') return ctx.method === 'GET' ? rotateCrl(this.state, ctx) : unsupported();
    const fetched = fetchPath(this.state, path);
    if (!fetched) return unsupportedPath();
    return ctx.method === 'GET' ? fetched : unsupported();
  }

  private async generateRoot(ctx: Ctx, exported: boolean): Promise<Result> {
    const invalid = validated(ctx);
    if (invalid) return invalid;
    if (this.state.ca) {
      const mount = ctx.mount?.path ?? '';
      return ok(null, {
        warnings: [`Refusing to generate a root certificate over an existing root certificate. If you really want to destroy the original root certificate, please issue a delete against ${mount}root.`],
      });
    }
    const format = formatOf(ctx.body);
    if (!format) return badRequest(FORMAT_ERROR);
    const keyType = (stringField(ctx.body, 'key_type') || 'rsa') as KeyType;
    // key_bits defaults to 2048 whatever the key type (an EC root must say its curve size)
    const keyBits = ctx.body.key_bits === undefined || ctx.body.key_bits === null ? 2048 : Number(ctx.body.key_bits);
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
    );
    return ok(data);
  }

  /** pathCADeleteRoot deletes the signing bundle only: `ca` still serves the old certificate. */
  private deleteRoot(): Result {
    this.state.ca = undefined;
    return noContent();
  }

  private configUrls(ctx: Ctx): Result {
    const urls = this.state.urls;
    if (ctx.method === 'GET') return ok({ ...urls });
    if (!isWrite(ctx)) return unsupported();
    const what: Record<string, string> = { issuing_certificates: 'issuing certificates', crl_distribution_points: 'CRL distribution points', ocsp_servers: 'OCSP servers' };
    for (const key of ['issuing_certificates', 'crl_distribution_points', 'ocsp_servers'] as const) {
      const v = listField(ctx.body, key);
      if (v === undefined) continue;
      const badUrl = v.find((u) => !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(u));
      if (badUrl) return badRequest(`invalid URL found in ${what[key]}: ${badUrl}`);
      urls[key] = v;
    }
    return noContent();
  }

  private role(ctx: Ctx, name: string): Result {
    const roles = this.state.roles;
    switch (ctx.method) {
      case 'GET': {
        const role = roles.get(name);
        return role ? ok(roleJson(role)) : fail(404);
      }
      case 'POST':
      case 'PUT': {
        const role = writeRole(ctx.body);
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

  /** pathIssue / pathSign: the role, the format, the CA, then the certificate (and CSR checks for sign). */
  private async issueOrSign(ctx: Ctx, role: PkiRole | undefined, roleName: string, sign: boolean, verbatim = false): Promise<Result> {
    const invalid = validated(ctx);
    if (invalid) return invalid;
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
    const issued = signLeaf(this.state, ca, role, bundle, csr ? csr.spki : key!.spki, verbatim ? csr : undefined);
    const data = certData(
      { der: issued.der, serial: issued.serial, notAfterMs: issued.notAfterMs, caDer: ca.der, privateKey: key?.privateKey },
      format,
      stringField(ctx.body, 'private_key_format') ?? '',
    );
    const warnings: string[] = [];
    if (csr && role.use_csr_common_name && stringField(ctx.body, 'common_name')) {
      warnings.push('the common_name field was provided but the role is set with "use_csr_common_name" set to true');
    }
    if (csr && role.use_csr_sans && stringField(ctx.body, 'alt_names')) {
      warnings.push('the alt_names field was provided but the role is set with "use_csr_sans" set to true');
    }
    if (!role.generate_lease) return ok(data, { warnings });
    return this.withLease(ctx, data, issued.serial, issued.notAfterMs, warnings);
  }

  /**
   * pathSignVerbatim: the CSR's subject, names and key as they are, under a role that allows any name,
   * with the request's key usages; a named role lends only its TTLs, lease and storage settings.
   */
  private signVerbatim(ctx: Ctx, roleName: string): Promise<Result> | Result {
    let base: PkiRole | undefined;
    if (roleName !== '') {
      base = this.state.roles.get(roleName);
      if (!base) return badRequest(`unknown role: ${roleName}`);
    }
    const role: PkiRole = {
      ...DEFAULT_ROLE,
      allow_localhost: true,
      allow_any_name: true,
      allow_ip_sans: true,
      enforce_hostnames: false,
      key_type: 'any',
      use_csr_common_name: true,
      use_csr_sans: true,
      allowed_uri_sans: ['*'],
      allowed_serial_numbers: ['*'],
      require_cn: false,
      server_flag: false,
      client_flag: false,
      key_usage: listField(ctx.body, 'key_usage') ?? DEFAULT_ROLE.key_usage,
      ext_key_usage: listField(ctx.body, 'ext_key_usage') ?? [],
      ttl: base?.ttl ?? 0,
      max_ttl: base?.max_ttl ?? 0,
      generate_lease: base?.generate_lease ?? false,
      no_store: base?.no_store ?? false,
    };
    return this.issueOrSign(ctx, role, roleName, true, true);
  }

  /** generate_lease: the certificate becomes a lease that expires with it; revoking the lease revokes the certificate. */
  private withLease(ctx: Ctx, data: Record<string, unknown>, serial: string, notAfterMs: number, warnings: string[]): Result {
    const core: ServerCore = ctx.core;
    const now = core.clock.nowMs();
    // resp.Secret.TTL = NotAfter.Sub(time.Now()): just under the certificate's TTL
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

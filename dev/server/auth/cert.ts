import { X509Certificate } from 'node:crypto';
import type { Backend, Ctx } from '../types';
import type { RenewGrant, Renewer } from '../state/token-store';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { applyTokenFields, defaultTokenFields, stringList, tokenFieldsJson, type TokenFields } from './token-fields';
import { loginResult } from './issue';
import { sanitizePolicies } from './token-roles';
import { colonHex, commonName, keyIds, matchClientCert, type CertConstraints, type TrustedEntry } from './cert-match';
import { pemBlocks, pemBytes } from '../util/pem';

interface CertRole extends TokenFields, CertConstraints {
  certificate: string;
  parsed: X509Certificate[];
  display_name: string;
  required_extensions: string[] | null;
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

const LISTS = ['allowed_names', 'allowed_common_names', 'allowed_dns_sans', 'allowed_email_sans', 'allowed_uri_sans', 'allowed_organizational_units', 'required_extensions'] as const;

/** path_certs.go parsePEM: every CERTIFICATE (or TRUSTED CERTIFICATE) block that parses; the rest is skipped. */
function parsePem(text: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const block of pemBlocks(text)) {
    if (block.label !== 'CERTIFICATE' && block.label !== 'TRUSTED CERTIFICATE') continue;
    try {
      out.push(new X509Certificate(pemBytes(block)));
    } catch {
      // skipped, as Vault skips a block x509 cannot parse
    }
  }
  return out;
}

/**
 * TLS certificate auth (builtin/credential/cert, Vault 1.8): registered certificates with their
 * constraints and token settings; a login matches the connection's client certificate
 * (cert-match.ts); a renewal must show a certificate that still matches.
 */
export class CertBackend implements Backend {
  private readonly certs = new Map<string, CertRole>();

  unauthenticated(sub: string): boolean {
    return sub === 'login' || sub === 'login/';
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'login') return isWrite(ctx) ? this.login(ctx) : unsupported();
    if (path === 'certs') return ctx.method === 'LIST' ? listResult([...this.certs.keys()].sort()) : unsupported();
    const m = /^certs\/([^/]+)$/.exec(path);
    if (!m) return notFound();
    const name = m[1].toLowerCase();
    const role = this.certs.get(name);
    switch (ctx.method) {
      case 'GET':
        return role ? ok(roleJson(role)) : notFound();
      case 'DELETE':
        this.certs.delete(name);
        return noContent();
      case 'POST':
      case 'PUT':
        return this.write(ctx, name);
      default:
        return unsupported();
    }
  }

  /** pathCertWrite: the whole entry from this request; the certificate must parse, a leaf must allow client auth. */
  private write(ctx: Ctx, name: string): Result {
    const b = ctx.body;
    const pem = typeof b.certificate === 'string' ? b.certificate : '';
    const parsed = parsePem(pem);
    if (!parsed.length) return badRequest('failed to parse certificate');
    const eku = parsed[0].keyUsage;
    if (!parsed[0].ca && eku && eku.length && !eku.includes('1.3.6.1.5.5.7.3.2') && !eku.includes('2.5.29.37.0'))
      return badRequest('non-CA certificates should have TLS client authentication set as an extended key usage');
    const role: CertRole = {
      ...defaultTokenFields(),
      certificate: pem,
      parsed,
      display_name: typeof b.display_name === 'string' && b.display_name ? b.display_name : name,
      allowed_names: null,
      allowed_common_names: null,
      allowed_dns_sans: null,
      allowed_email_sans: null,
      allowed_uri_sans: null,
      allowed_organizational_units: null,
      required_extensions: null,
    };
    for (const field of LISTS) if (b[field] !== undefined && b[field] !== null) role[field] = stringList(b[field]);
    applyTokenFields(role, b);
    this.certs.set(name, role);
    return noContent();
  }

  /** The registered certificates to match: every one, or only the named one (none if it does not exist). */
  private trusted(name: string | undefined): TrustedEntry[] {
    const names = name === undefined ? [...this.certs.keys()].sort() : [name];
    return names.flatMap((n) => {
      const role = this.certs.get(n);
      return role ? [{ name: n, certs: role.parsed, constraints: role }] : [];
    });
  }

  /** verifyCredentials: the matching entry, or the answer refusing the connection's certificate. */
  private verify(ctx: Ctx, name: string | undefined): { name: string; role: CertRole } | Result {
    if (ctx.tls === false) return badRequest('tls connection required');
    const peer = ctx.peerCert;
    if (!peer) return badRequest('client certificate must be supplied');
    const outcome = matchClientCert(peer, this.trusted(name), Date.now());
    if ('error' in outcome) return fail(500, outcome.error);
    if ('refusal' in outcome) return badRequest(outcome.refusal);
    return { name: outcome.entry.name, role: this.certs.get(outcome.entry.name)! };
  }

  private login(ctx: Ctx): Result {
    const asked = typeof ctx.body.name === 'string' && ctx.body.name ? ctx.body.name.toLowerCase() : undefined;
    const matched = this.verify(ctx, asked);
    if ('status' in matched) return matched;
    const peer = ctx.peerCert!;
    const ids = keyIds(peer);
    return loginResult(ctx, ctx.mount!.path, matched.role, {
      displaySuffix: matched.role.display_name,
      meta: {
        cert_name: matched.name,
        common_name: commonName(peer),
        serial_number: BigInt(`0x${peer.serialNumber}`).toString(),
        subject_key_id: colonHex(ids.ski),
        authority_key_id: colonHex(ids.aki),
      },
      // the entity alias is the certificate's common name
      alias: commonName(peer),
      renewer: this.renewerFor(matched.name, [...matched.role.token_policies], ids),
    });
  }

  /** pathLoginRenew: the same client certificate must still match; the entry's current TTLs apply. */
  private renewerFor(name: string, policiesAtLogin: string[], idsAtLogin: { ski?: Buffer; aki?: Buffer }): Renewer {
    return (ctx): RenewGrant | null | Error => {
      const matched = this.verify(ctx, name);
      if ('status' in matched) return new Error(String((matched.body as { errors: string[] }).errors[0]));
      const ids = keyIds(ctx.peerCert!);
      if (colonHex(ids.ski) !== colonHex(idsAtLogin.ski) && colonHex(ids.aki) !== colonHex(idsAtLogin.aki))
        return new Error('client identity during renewal not matching client identity used during login');
      const role = this.certs.get(name);
      if (!role) return null;
      if (sanitizePolicies(role.token_policies, false).join() !== sanitizePolicies(policiesAtLogin, false).join()) return new Error('policies have changed, not renewing');
      return { ttl: role.token_ttl, maxTtl: role.token_max_ttl, period: role.token_period, explicitMaxTtl: role.token_explicit_max_ttl };
    };
  }
}

function roleJson(role: CertRole): Record<string, unknown> {
  return {
    certificate: role.certificate,
    display_name: role.display_name,
    allowed_names: role.allowed_names,
    allowed_common_names: role.allowed_common_names,
    allowed_dns_sans: role.allowed_dns_sans,
    allowed_email_sans: role.allowed_email_sans,
    allowed_uri_sans: role.allowed_uri_sans,
    allowed_organizational_units: role.allowed_organizational_units,
    required_extensions: role.required_extensions,
    ...tokenFieldsJson(role),
  };
}

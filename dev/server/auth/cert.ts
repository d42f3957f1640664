import { X509Certificate } from 'node:crypto';
import type { Backend, Ctx } from '../types';
import { badRequest, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { applyTokenFields, defaultTokenFields, stringList, tokenFieldsJson, type TokenFields } from './token-fields';
import { loginResult } from './issue';
import { globMatch } from './jwt-verify';

interface CertRole extends TokenFields {
  certificate: string;
  x509: X509Certificate;
  display_name: string;
  allowed_common_names: string[];
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const INVALID = 'invalid certificate or no client certificate supplied';

function commonName(cert: X509Certificate): string {
  const m = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject);
  return m ? m[1] : '';
}

/** TLS certificate auth: the client certificate of the TLS handshake must chain to (or be) a registered certificate. */
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
        return role ? ok({ certificate: role.certificate, display_name: role.display_name, allowed_common_names: role.allowed_common_names, ...tokenFieldsJson(role) }) : notFound();
      case 'DELETE':
        this.certs.delete(name);
        return noContent();
      case 'POST':
      case 'PUT': {
        const b = ctx.body;
        const pem = typeof b.certificate === 'string' ? b.certificate : role?.certificate;
        if (!pem) return badRequest('missing certificate');
        let x509: X509Certificate;
        try {
          x509 = new X509Certificate(pem);
        } catch {
          return badRequest('failed to parse certificate');
        }
        const r: CertRole = role ?? { ...defaultTokenFields(), certificate: pem, x509, display_name: name, allowed_common_names: [] };
        r.certificate = pem;
        r.x509 = x509;
        applyTokenFields(r, b);
        if (typeof b.display_name === 'string' && b.display_name) r.display_name = b.display_name;
        if (b.allowed_common_names !== undefined) r.allowed_common_names = stringList(b.allowed_common_names);
        this.certs.set(name, r);
        return noContent();
      }
      default:
        return unsupported();
    }
  }

  private trusts(role: CertRole, peer: X509Certificate, nowMs: number): boolean {
    const valid = Date.parse(peer.validFrom) <= nowMs && nowMs <= Date.parse(peer.validTo);
    if (!valid) return false;
    const cn = commonName(peer);
    if (role.allowed_common_names.length && !role.allowed_common_names.some((p) => globMatch(p, cn))) return false;
    if (peer.fingerprint256 === role.x509.fingerprint256) return true;
    return peer.checkIssued(role.x509) && peer.verify(role.x509.publicKey);
  }

  private login(ctx: Ctx): Result {
    const peer = ctx.peerCert;
    if (!peer) return badRequest('client certificate must be supplied');
    const wanted = typeof ctx.body.name === 'string' && ctx.body.name ? ctx.body.name.toLowerCase() : undefined;
    const candidates = wanted ? [[wanted, this.certs.get(wanted)] as const] : [...this.certs.entries()];
    for (const [name, role] of candidates) {
      if (!role || !this.trusts(role, peer, Date.now())) continue;
      return loginResult(ctx, ctx.mount!.path, role, {
        displaySuffix: role.display_name,
        meta: { cert_name: name, common_name: commonName(peer), serial_number: BigInt(`0x${peer.serialNumber}`).toString(), subject_key_id: '', authority_key_id: '' },
        alias: peer.serialNumber,
      });
    }
    return badRequest(INVALID);
  }
}

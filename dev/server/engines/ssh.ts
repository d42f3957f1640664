/**
 * The SSH secrets engine at any mount, certificate signing as in Vault 1.8
 * (builtin/logical/ssh): `config/ca` (a CA key given or generated), `public_key`, `roles/:name`
 * (`LIST roles`), `sign/:role`. The certificates are real OpenSSH certificates (`ssh-keygen -L`
 * reads them). OTP credentials, dynamic keys and `verify`/`creds` are not implemented.
 */
import type { Backend, Ctx } from '../types';
import { readFields } from '../util/field-schema';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, wrapped, type Result } from '../util/respond';
import { generateCaKey, parseCaPrivateKey, type CaKey } from './ssh/ca-key';
import { authorizedKey, parsePublicSshKey, publicBlob } from './ssh/public-key';
import { roleJson, writeRole, type SshRole } from './ssh/roles';
import { signWithRole } from './ssh/sign';
import { WireError } from './ssh/wire';

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
const ROLE_NAME = /^\w(([\w.@-]+)?\w)?$/;

interface StoredCa {
  key: CaKey;
  /** The public key as given (or as generated: `ssh-rsa AAAA...\n`), which `config/ca` and `public_key` answer. */
  publicKeyText: string;
}

export class SshBackend implements Backend {
  private ca: StoredCa | undefined;
  private readonly roles = new Map<string, SshRole>();

  /** PathsSpecial.Unauthenticated of builtin/logical/ssh/backend.go. */
  unauthenticated(sub: string): boolean {
    return sub === 'public_key' || sub === 'verify';
  }

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^roles\/([^/]+)$/.exec(sub);
    return m ? this.roles.has(m[1]) : true;
  }

  async handle(ctx: Ctx, sub: string): Promise<Result> {
    const path = ctx.method === 'LIST' ? sub.replace(/\/$/, '') : sub;
    if (path === 'config/ca') return this.configCa(ctx);
    if (path === 'public_key') return ctx.method === 'GET' ? this.publicKey() : unsupported();
    if (path === 'roles') return ctx.method === 'LIST' ? this.listRoles() : unsupported();
    const role = /^roles\/(.+)$/.exec(path);
    if (role && ROLE_NAME.test(role[1])) return this.role(ctx, role[1]);
    const sign = /^sign\/(.+)$/.exec(path);
    if (sign && ROLE_NAME.test(sign[1])) {
      if (!isWrite(ctx)) return unsupported();
      const found = this.roles.get(sign[1]);
      return found ? signWithRole(ctx, sign[1], found, this.ca?.key) : badRequest(`Unknown role: ${sign[1]}`);
    }
    return fail(404, wrapped('unsupported path'));
  }

  private async configCa(ctx: Ctx): Promise<Result> {
    switch (ctx.method) {
      case 'GET':
        return this.ca ? ok({ public_key: this.ca.publicKeyText }) : badRequest("keys haven't been configured yet");
      case 'DELETE':
        this.ca = undefined;
        return noContent();
      case 'POST':
      case 'PUT':
        return this.writeCa(ctx);
      default:
        return unsupported();
    }
  }

  /** pathConfigCAUpdate: both keys given, or neither (generate); the keys are never replaced in place. */
  private async writeCa(ctx: Ctx): Promise<Result> {
    const f = readFields(ctx.body, { private_key: 'string', public_key: 'string', generate_signing_key: 'bool', key_type: 'string', key_bits: 'int' });
    const publicKey = (f.public_key as string | undefined) ?? '';
    const privateKey = (f.private_key as string | undefined) ?? '';
    const generateSet = 'generate_signing_key' in f;
    let stored: StoredCa;
    let generated = true;
    if (generateSet && f.generate_signing_key) {
      if (publicKey !== '' || privateKey !== '') return badRequest('public_key and private_key must not be set when generate_signing_key is set to true');
      const made = await this.generate(f);
      if (typeof made === 'string') return fail(500, wrapped(made));
      stored = made;
    } else if (generateSet || (publicKey !== '' && privateKey !== '')) {
      if (publicKey === '') return badRequest('missing public_key');
      if (privateKey === '') return badRequest('missing private_key');
      let key: CaKey;
      try {
        key = parseCaPrivateKey(privateKey);
      } catch (e) {
        if (e instanceof WireError) return badRequest(`Unable to parse private_key as an SSH private key: ${e.message}`);
        throw e;
      }
      try {
        parsePublicSshKey(publicKey);
      } catch (e) {
        if (e instanceof WireError) return badRequest(`Unable to parse public_key as an SSH public key: ${e.message}`);
        throw e;
      }
      stored = { key, publicKeyText: publicKey };
      generated = false;
    } else if (publicKey === '' && privateKey === '') {
      const made = await this.generate(f);
      if (typeof made === 'string') return fail(500, wrapped(made));
      stored = made;
    } else {
      return badRequest('only one of public_key and private_key set; both must be set to use, or both must be blank to auto-generate');
    }
    if (this.ca) return badRequest('keys are already configured; delete them before reconfiguring');
    this.ca = stored;
    return generated ? ok({ public_key: stored.publicKeyText }) : noContent();
  }

  private async generate(f: Record<string, unknown>): Promise<StoredCa | string> {
    const key = await generateCaKey((f.key_type as string | undefined) || 'ssh-rsa', (f.key_bits as number | undefined) ?? 0);
    if (typeof key === 'string') return key;
    return { key, publicKeyText: authorizedKey(key.publicKey.type, publicBlob(key.publicKey)) };
  }

  /** Raw text/plain, as pathFetchPublicKey answers; 404 before a CA is configured. */
  private publicKey(): Result {
    if (!this.ca) return notFound();
    return { status: 200, body: Buffer.from(this.ca.publicKeyText), headers: { 'Content-Type': 'text/plain' } };
  }

  private listRoles(): Result {
    const names = [...this.roles.keys()].sort();
    return listResult(names, Object.fromEntries(names.map((n) => [n, { key_type: this.roles.get(n)!.key_type }])));
  }

  private role(ctx: Ctx, name: string): Result {
    switch (ctx.method) {
      case 'GET': {
        const role = this.roles.get(name);
        return role ? ok(roleJson(role)) : notFound();
      }
      case 'POST':
      case 'PUT': {
        const role = writeRole(ctx.body);
        if ('message' in role) return badRequest(role.message);
        if ('internal' in role) return fail(500, wrapped(role.internal));
        this.roles.set(name, role);
        return noContent();
      }
      case 'DELETE':
        this.roles.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }
}

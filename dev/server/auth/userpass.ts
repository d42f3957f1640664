import { scryptSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Backend, Ctx } from '../types';
import type { RenewGrant } from '../state/token-store';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { sanitizePolicies } from './token-roles';
import { applyTokenFields, defaultTokenFields, tokenFieldsJson, type TokenFields } from './token-fields';
import { loginResult } from './issue';

interface User extends TokenFields {
  salt: Buffer;
  hash: Buffer;
}

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32, { N: 1024 });
}

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';

/** userpass at any mount: users CRUD, list, login/<username>. Passwords are kept hashed. */
export class UserpassBackend implements Backend {
  private readonly users = new Map<string, User>();

  unauthenticated(sub: string): boolean {
    return sub.startsWith('login/');
  }

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^users\/([^/]+)$/.exec(sub);
    return m ? this.users.has(m[1].toLowerCase()) : true;
  }

  handle(ctx: Ctx, sub: string): Result {
    const path = sub.replace(/\/$/, '');
    if (path === 'users') return ctx.method === 'LIST' ? listResult([...this.users.keys()].sort()) : unsupported();
    const login = /^login\/([^/]+)$/.exec(path);
    if (login) return isWrite(ctx) ? this.login(ctx, login[1].toLowerCase()) : unsupported();
    const m = /^users\/([^/]+)(?:\/(password|policies))?$/.exec(path);
    if (!m) return notFound();
    const name = m[1].toLowerCase();
    const user = this.users.get(name);
    if (m[2]) {
      if (!isWrite(ctx)) return unsupported();
      if (!user) return badRequest('username does not exist');
      if (m[2] === 'password') {
        if (typeof ctx.body.password !== 'string' || !ctx.body.password) return badRequest('missing password');
        user.hash = hashPassword(ctx.body.password, user.salt);
      } else applyTokenFields(user, ctx.body);
      return noContent();
    }
    switch (ctx.method) {
      case 'GET':
        return user ? ok(tokenFieldsJson(user)) : notFound();
      case 'DELETE':
        this.users.delete(name);
        return noContent();
      case 'POST':
      case 'PUT': {
        const password = ctx.body.password;
        if (!user && (typeof password !== 'string' || password === '')) return badRequest('missing password');
        const salt = user?.salt ?? randomBytes(16);
        const next: User = user ?? { ...defaultTokenFields(), salt, hash: Buffer.alloc(0) };
        applyTokenFields(next, ctx.body);
        if (typeof password === 'string' && password) next.hash = hashPassword(password, salt);
        this.users.set(name, next);
        return noContent();
      }
      default:
        return unsupported();
    }
  }

  private login(ctx: Ctx, name: string): Result {
    const password = ctx.body.password;
    // builtin/credential/userpass path_login.go: a Go error, so 500 (a login's error is not wrapped)
    if (typeof password !== 'string' || password === '') return fail(500, 'missing password');
    const user = this.users.get(name);
    const candidate = hashPassword(password, user?.salt ?? Buffer.alloc(16));
    if (!user || !timingSafeEqual(candidate, user.hash)) return badRequest('invalid username or password');
    return loginResult(ctx, ctx.mount!.path, user, { displaySuffix: name, meta: { username: name }, alias: name, renewer: this.renewerFor(name, [...user.token_policies]) });
  }

  /** pathLoginRenew: a deleted user's tokens are not renewed (204); changed policies refuse; else the user's TTLs now. */
  private renewerFor(name: string, policiesAtLogin: string[]): () => RenewGrant | null | Error {
    return () => {
      const user = this.users.get(name);
      if (!user) return null;
      const same = sanitizePolicies(user.token_policies, false).join() === sanitizePolicies(policiesAtLogin, false).join();
      if (!same) return new Error('policies have changed, not renewing');
      return { ttl: user.token_ttl, maxTtl: user.token_max_ttl, period: user.token_period, explicitMaxTtl: user.token_explicit_max_ttl };
    };
  }
}

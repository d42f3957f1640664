import type { Backend, Ctx } from '../types';
import { calculateTtl, mountTtls } from '../util/lease-ttl';
import { durationField } from '../util/durations';
import { badRequest, fail, listResult, noContent, notFound, ok, unsupported, type Result } from '../util/respond';
import { generatePassword, generateUsername } from './database/credentials';
import { boolField, listField, stringField } from './pki/fields';
import { glob } from './pki/names';

interface DbConfig {
  plugin_name: string;
  allowed_roles: string[];
  root_rotation_statements: string[];
  password_policy: string;
  verify_connection: boolean;
  /** Everything else the write carried (connection_url, username, password, ...). */
  connection_details: Record<string, unknown>;
}

interface DbRole {
  db_name: string;
  default_ttl: number;
  max_ttl: number;
  creation_statements: string[];
  revocation_statements: string[];
  rollback_statements: string[];
  renew_statements: string[];
}

const OWN_FIELDS = ['name', 'plugin_name', 'allowed_roles', 'verify_connection', 'root_rotation_statements', 'password_policy'];
const STATEMENTS = ['creation_statements', 'revocation_statements', 'rollback_statements', 'renew_statements'] as const;

const isWrite = (ctx: Ctx) => ctx.method === 'POST' || ctx.method === 'PUT';
/** A Go error from a handler: Vault answers 500 with the multierror wording. */
const internal = (message: string): Result => fail(500, `1 error occurred:\n\t* ${message}\n\n`);

/** Go's url.Redacted: the password of a URL's userinfo becomes "xxxxx". */
function redactUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)([^@/]*)(@.*)$/i.exec(url);
  return m && !m[2].includes('{{') ? `${m[1]}xxxxx${m[3]}` : url;
}

/**
 * Vault's `database` engine without a database: config/, roles/ and creds/ behave like Vault's,
 * credentials are generated and leased, but no plugin runs and no statement is executed.
 */
export class DatabaseBackend implements Backend {
  private readonly configs = new Map<string, DbConfig>();
  private readonly roles = new Map<string, DbRole>();
  /** The users that would exist in the database: created by creds/, dropped on lease revocation. */
  private readonly users = new Map<string, { role: string }>();

  exists(_ctx: Ctx, sub: string): boolean {
    const m = /^(config|roles)\/([^/]+)$/.exec(sub);
    if (!m) return true;
    return m[1] === 'config' ? this.configs.has(m[2]) : this.roles.has(m[2]);
  }

  handle(ctx: Ctx, sub: string): Result {
    ctx.core.leases.sweep(ctx.core);
    const path = ctx.method === 'LIST' ? sub.replace(/\/$/, '') : sub;
    const m = /^(config|roles|creds|reset)(?:\/([^/]+))?$/.exec(path);
    if (!m) return fail(404, '1 error occurred:\n\t* unsupported path\n\n');
    const [, area, name] = m;
    if (!name) {
      if (ctx.method !== 'LIST' || area === 'creds' || area === 'reset') return unsupported();
      return listResult([...(area === 'config' ? this.configs : this.roles).keys()].sort());
    }
    switch (area) {
      case 'config':
        return this.config(ctx, name);
      case 'roles':
        return this.role(ctx, name);
      case 'reset':
        return isWrite(ctx) ? noContent() : unsupported();
      default:
        return ctx.method === 'GET' ? this.creds(ctx, name) : unsupported();
    }
  }

  private config(ctx: Ctx, name: string): Result {
    switch (ctx.method) {
      case 'GET': {
        const c = this.configs.get(name);
        if (!c) return notFound();
        const details: Record<string, unknown> = { ...c.connection_details, connection_url: redactUrl(c.connection_details.connection_url) };
        if (details.connection_url === undefined) delete details.connection_url;
        delete details.password;
        delete details.private_key;
        return ok({
          plugin_name: c.plugin_name,
          connection_details: details,
          allowed_roles: c.allowed_roles,
          root_credentials_rotate_statements: c.root_rotation_statements,
          password_policy: c.password_policy,
          verify_connection: c.verify_connection,
          plugin_version: '',
        });
      }
      case 'POST':
      case 'PUT':
        return this.writeConfig(ctx, name);
      case 'DELETE':
        this.configs.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }

  /** connectionWriteHandler (builtin/logical/database/path_config_connection.go), minus the plugin. */
  private writeConfig(ctx: Ctx, name: string): Result {
    const existing = this.configs.get(name);
    const body = ctx.body;
    const config: DbConfig = existing
      ? { ...existing, connection_details: { ...existing.connection_details } }
      : { plugin_name: '', allowed_roles: [], root_rotation_statements: [], password_policy: '', verify_connection: true, connection_details: {} };
    const plugin = stringField(body, 'plugin_name');
    if (plugin !== undefined) config.plugin_name = plugin;
    if (config.plugin_name === '') return badRequest('empty plugin name');
    config.allowed_roles = listField(body, 'allowed_roles') ?? config.allowed_roles;
    config.root_rotation_statements = listField(body, 'root_rotation_statements') ?? config.root_rotation_statements;
    config.password_policy = stringField(body, 'password_policy') ?? config.password_policy;
    config.verify_connection = boolField(body, 'verify_connection') ?? true;
    for (const [k, v] of Object.entries(body)) if (!OWN_FIELDS.includes(k)) config.connection_details[k] = v;
    this.configs.set(name, config);
    const url = config.connection_details.connection_url;
    if (typeof url === 'string' && redactUrl(url) !== url) {
      return ok(null, { warnings: ['Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.'] });
    }
    return noContent();
  }

  private role(ctx: Ctx, name: string): Result {
    switch (ctx.method) {
      case 'GET': {
        const r = this.roles.get(name);
        return r ? ok({ ...r, credential_type: 'password' }) : notFound();
      }
      case 'POST':
      case 'PUT': {
        const r: DbRole = { ...(this.roles.get(name) ?? { db_name: '', default_ttl: 0, max_ttl: 0, creation_statements: [], revocation_statements: [], rollback_statements: [], renew_statements: [] }) };
        r.db_name = stringField(ctx.body, 'db_name') ?? r.db_name;
        if (r.db_name === '') return badRequest('empty database name attribute');
        r.default_ttl = durationField(ctx.body, 'default_ttl') ?? r.default_ttl;
        r.max_ttl = durationField(ctx.body, 'max_ttl') ?? r.max_ttl;
        for (const key of STATEMENTS) r[key] = statementsField(ctx.body, key) ?? r[key];
        this.roles.set(name, r);
        return noContent();
      }
      case 'DELETE':
        this.roles.delete(name);
        return noContent();
      default:
        return unsupported();
    }
  }

  /** pathCredsCreateRead: a new user for the role, leased for the role's default_ttl (capped by max_ttl). */
  private creds(ctx: Ctx, name: string): Result {
    const role = this.roles.get(name);
    if (!role) return badRequest(`unknown role: ${name}`);
    const config = this.configs.get(role.db_name);
    if (!config) return internal(`failed to find entry for connection with name: "${role.db_name}"`);
    if (!config.allowed_roles.includes('*') && !config.allowed_roles.some((p) => glob(p, name))) {
      return internal(`"${name}" is not an allowed role`);
    }
    const now = ctx.core.clock.nowMs();
    const granted = calculateTtl({ nowMs: now, increment: 0, backendTtl: role.default_ttl, backendMaxTtl: role.max_ttl, mount: mountTtls(ctx.mount) });
    if ('error' in granted) return internal(granted.error);
    const username = generateUsername(ctx.token?.displayName ?? '', name, now);
    const password = generatePassword();
    this.users.set(username, { role: name });
    const lease = ctx.core.leases.create(
      {
        ns: ctx.ns,
        path: ctx.path,
        mountUuid: ctx.mount?.uuid ?? '',
        ttl: granted.ttl,
        token: ctx.token,
        internal: { username, role: name, db_name: role.db_name },
        owner: {
          revoke: () => void this.users.delete(username),
          // secretCredsRenew: the role must still exist; the lease gets the role's TTLs again.
          renew: () => {
            const current = this.roles.get(name);
            if (!current) return `error during renew: could not find role with name ${name}`;
            return { ttl: current.default_ttl, maxTtl: current.max_ttl };
          },
        },
      },
      now,
    );
    return ok({ username, password }, { lease_id: lease.id, lease_duration: granted.ttl, renewable: true, warnings: granted.warnings });
  }
}

/** TypeStringSlice statements: a list, a single string, or a JSON array in a string (what the CLI sends). */
function statementsField(body: Record<string, unknown>, name: string): string[] | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== '');
  const s = String(v);
  if (s.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: a single statement
    }
  }
  return s === '' ? [] : [s];
}

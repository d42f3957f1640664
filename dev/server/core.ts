import { Clock } from './util/clock';
import { TokenStore, type TokenEntry } from './state/token-store';
import { LeaseStore } from './state/leases';
import { Namespace } from './state/namespace';
import { SealState } from './state/seal';
import { normalizeMountPath } from './state/mount-table';
import type { Backend, MountEntry } from './types';
import { hex, randomAlnum, uuid } from './util/ids';
import { createSecretsBackend, createAuthBackend, SECRETS_TYPES, AUTH_TYPES } from './backends';
import type { TlsMaterial } from './tls/material';

export interface CoreOptions {
  rootToken?: string;
  /** Start like `vault server -config` with in-memory storage: not initialised, sealed, nothing mounted. */
  uninitialized?: boolean;
  patchSupported?: boolean;
  tls?: TlsMaterial;
}

export interface HealthMode {
  initialized: boolean;
  standby: boolean;
  performanceStandby: boolean;
  drSecondary: boolean;
}

export interface WrappedResponse {
  body: Record<string, unknown>;
  creationPath: string;
  creationTimeMs: number;
  ttl: number;
}


/** All server state: namespaces, tokens, seal, clock. HTTP-free so handlers stay testable. */
export class ServerCore {
  readonly clock = new Clock();
  readonly tokens = new TokenStore();
  readonly leases = new LeaseStore();
  readonly rootNs = new Namespace('');
  readonly seal: SealState;
  readonly clusterName = `vault-cluster-${hex(4)}`;
  readonly clusterId = uuid();
  /** Wrapped answers by wrapping token id: what Vault keeps in that token's cubbyhole. */
  readonly wraps = new Map<string, WrappedResponse>();
  /** Every cubbyhole mount that holds something, emptied of a token's entries when it is revoked. */
  readonly cubbyholes = new Set<{ dropOwner(t: TokenEntry): void }>();
  /** Undefined until `sys/init` when the server starts uninitialised. */
  rootToken?: TokenEntry;
  readonly tls?: TlsMaterial;
  patchSupported: boolean;
  health: HealthMode = { initialized: true, standby: false, performanceStandby: false, drSecondary: false };

  constructor(opts: CoreOptions) {
    this.patchSupported = opts.patchSupported ?? true;
    this.tls = opts.tls;
    this.seal = new SealState(!opts.uninitialized);
    this.tokens.onRevoke = (t) => {
      this.wraps.delete(t.id);
      for (const c of this.cubbyholes) c.dropOwner(t);
    };
    this.setupNamespace(this.rootNs);
    if (opts.uninitialized) return;
    this.enableSecrets(this.rootNs, 'secret', 'kv', { version: '2' }, 'key/value secret storage');
    this.rootToken = this.createRootToken(opts.rootToken);
  }

  get sealed(): boolean {
    return this.seal.sealed;
  }

  set sealed(value: boolean) {
    if (value) this.seal.seal();
    else this.seal.sealed = !this.seal.initialized;
  }

  /** The dev unseal key (base64), or '' when the server started uninitialised. */
  get unsealKey(): string {
    return this.seal.devKey;
  }

  /**
   * Dev mode makes its root token through auth/token/create; sys/init through the token store's
   * rootToken(), which registers no lease (its lookup shows no issue_time nor renewable).
   */
  createRootToken(id?: string, fromInit = false): TokenEntry {
    const now = this.clock.nowMs();
    return this.tokens.create({
      id: id ?? `s.${randomAlnum(24)}`,
      policies: ['root'],
      nsPath: '',
      displayName: fromInit ? 'root' : 'token',
      path: fromInit ? 'auth/token/root' : 'auth/token/create',
      noLease: fromInit,
      meta: null,
      creationTimeMs: now,
      creationTtl: 0,
      expireAtMs: 0,
      maxExpireAtMs: 0,
      explicitMaxTtl: 0,
      renewable: false,
      type: 'service',
      numUses: 0,
      orphan: true,
      entityId: '',
      renewTtl: 0,
    });
  }

  /** Every namespace starts with sys/, cubbyhole/, identity/ and the token auth method. */
  setupNamespace(ns: Namespace): void {
    this.addMount(ns, 'sys', 'system', null, 'system endpoints used for control, policy and debugging', {
      passthrough_request_headers: ['Accept'],
    });
    this.addMount(ns, 'identity', 'identity', null, 'identity store');
    this.addMount(ns, 'cubbyhole', 'cubbyhole', null, 'per-token private secret storage', {}, true);
    ns.authMounts.add({
      path: 'token/',
      type: 'token',
      description: 'token based credentials',
      options: null,
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, token_type: 'default-service' },
      local: false,
      backend: createAuthBackend('token'),
      accessorPrefix: 'auth_token',
    });
  }

  private addMount(
    ns: Namespace,
    path: string,
    type: string,
    options: Record<string, string> | null,
    description: string,
    extraConfig: Record<string, unknown> = {},
    local = false,
  ): MountEntry {
    const backend: Backend = createSecretsBackend(type, options);
    return ns.mounts.add({
      path: normalizeMountPath(path),
      type,
      description,
      options,
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, ...extraConfig },
      local,
      backend,
      accessorPrefix: type === 'system' ? 'system' : type,
    });
  }

  /** Throws a user-facing message on a bad type or a path in use. */
  enableSecrets(ns: Namespace, path: string, type: string, options: Record<string, string> | null, description = ''): MountEntry {
    let t = type;
    // The options as given ({} when none): a plain `kv` mount has no version, which is KV v1.
    let opts = options ?? {};
    if (t === 'kv-v2') {
      opts = { ...opts, version: '2' };
      t = 'kv';
    }
    if (!SECRETS_TYPES.includes(t)) throw new Error(`plugin not found in the catalog: ${type}`);
    const existing = ns.mounts.conflict(path);
    if (existing) throw new Error(`path is already in use at ${existing.path}`);
    return this.addMount(ns, path, t, opts, description);
  }

  enableAuth(ns: Namespace, path: string, type: string, description = ''): MountEntry {
    if (!AUTH_TYPES.includes(type)) throw new Error(`plugin not found in the catalog: ${type}`);
    const existing = ns.authMounts.conflict(path);
    if (existing) throw new Error(`path is already in use at ${existing.path}`);
    return ns.authMounts.add({
      path: normalizeMountPath(path),
      type,
      description,
      options: {},
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, token_type: 'default-service' },
      local: false,
      backend: createAuthBackend(type),
      accessorPrefix: `auth_${type}`,
    });
  }

  /** The namespace at 'a/b/' (trimmed of slashes or not), or undefined. */
  findNamespace(path: string): Namespace | undefined {
    let ns = this.rootNs;
    for (const seg of path.split('/').filter(Boolean)) {
      const child = ns.children.get(seg);
      if (!child) return undefined;
      ns = child;
    }
    return ns;
  }

  createNamespace(parent: Namespace, name: string, customMetadata: Record<string, string> = {}): Namespace {
    const ns = new Namespace(`${parent.path}${name}/`, parent, customMetadata);
    this.setupNamespace(ns);
    parent.children.set(name, ns);
    return ns;
  }
}

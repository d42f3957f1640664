import type { Backend } from './types';
import { SystemBackend } from './sys';
import { KvV1Backend } from './engines/kv-v1';
import { KvV2Backend } from './engines/kv-v2';
import { TransitBackend } from './engines/transit';
import { PkiBackend } from './engines/pki';
import { TotpBackend } from './engines/totp';
import { DatabaseBackend } from './engines/database';
import { SshBackend } from './engines/ssh';
import { CubbyholeBackend, IdentityBackend } from './engines/cubbyhole';
import { TokenBackend } from './auth/token';
import { AppRoleBackend } from './auth/approle';
import { UserpassBackend } from './auth/userpass';
import { CertBackend } from './auth/cert';
import { JwtBackend } from './auth/jwt';
import { KubernetesBackend } from './auth/kubernetes';

export const SECRETS_TYPES = ['kv', 'transit', 'system', 'cubbyhole', 'identity', 'pki', 'database', 'ssh', 'totp'];
export const AUTH_TYPES = ['token', 'approle', 'userpass', 'cert', 'jwt', 'oidc', 'kubernetes'];

export function createSecretsBackend(type: string, options: Record<string, string> | null): Backend {
  switch (type) {
    case 'system':
      return new SystemBackend();
    case 'kv':
      return options?.version === '2' ? new KvV2Backend() : new KvV1Backend();
    case 'transit':
      return new TransitBackend();
    case 'pki':
      return new PkiBackend();
    case 'database':
      return new DatabaseBackend();
    case 'ssh':
      return new SshBackend();
    case 'totp':
      return new TotpBackend();
    case 'cubbyhole':
      return new CubbyholeBackend();
    default:
      return new IdentityBackend();
  }
}

export function createAuthBackend(type: string): Backend {
  switch (type) {
    case 'token':
      return new TokenBackend();
    case 'approle':
      return new AppRoleBackend();
    case 'userpass':
      return new UserpassBackend();
    case 'cert':
      return new CertBackend();
    case 'jwt':
    case 'oidc':
      return new JwtBackend();
    default:
      return new KubernetesBackend();
  }
}

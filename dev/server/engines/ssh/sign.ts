/**
 * `sign/:role` as Vault 1.8 decides it (builtin/logical/ssh/path_sign.go): the public key, the key
 * requirements, the key id, the certificate type, the principals, the TTL, critical options and
 * extensions, in that order, each refusal with Vault's text (400); then the certificate.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../types';
import { readFields } from '../../util/field-schema';
import { mountTtls } from '../../util/lease-ttl';
import { badRequest, fail, ok, wrapped, type Result } from '../../util/respond';
import type { CaKey } from './ca-key';
import { HOST_CERT, signCertificate, USER_CERT } from './certificate';
import { authorizedKey, parsePublicSshKey, publicBlob, type SshPublicKey } from './public-key';
import { stringValues, type SshRole } from './roles';
import { WireError } from './wire';

class Refusal extends Error {}

const SIGN_SCHEMA = {
  ttl: 'duration',
  public_key: 'string',
  valid_principals: 'string',
  cert_type: 'string',
  key_id: 'string',
  critical_options: 'map',
  extensions: 'map',
} as const;

/** strutil.RemoveDuplicates(ParseStringSlice(s, ","), false): trimmed, no empties, unique, sorted. */
function principalList(text: string): string[] {
  const items = new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  return [...items].sort();
}

/** validateSignedKeyRequirements: `allowed_user_key_lengths` names the key types allowed and their exact size. */
function checkKeyRequirements(key: SshPublicKey, role: SshRole): void {
  const lengths = role.allowed_user_key_lengths;
  if (Object.keys(lengths).length === 0) return;
  const wanted = lengths[key.kind];
  if (wanted === undefined) throw new Refusal(`public_key failed to meet the key requirements: key type of ${key.kind} is not allowed`);
  if (key.kind !== 'ed25519' && key.bits !== wanted) throw new Refusal(`public_key failed to meet the key requirements: key is of an invalid size: ${key.bits}`);
}

function keyIdOf(ctx: Ctx, fields: Record<string, unknown>, roleName: string, role: SshRole, key: SshPublicKey): string {
  const requested = (fields.key_id as string | undefined) ?? '';
  if (requested !== '') {
    if (!role.allow_user_key_ids) throw new Refusal('setting key_id is not allowed by role');
    return requested;
  }
  const displayName = ctx.token?.displayName ?? '';
  let format = displayName === '' ? 'vault-{{public_key_hash}}' : 'vault-{{token_display_name}}-{{public_key_hash}}';
  if (role.key_id_format !== '') format = role.key_id_format;
  const values: Record<string, string> = {
    token_display_name: displayName,
    role_name: roleName,
    public_key_hash: createHash('sha256').update(publicBlob(key)).digest('hex'),
  };
  return Object.entries(values).reduce((text, [name, value]) => text.split(`{{${name}}}`).join(value), format);
}

function certTypeOf(fields: Record<string, unknown>, role: SshRole): typeof USER_CERT | typeof HOST_CERT {
  const requested = (fields.cert_type as string | undefined) ?? 'user';
  if (requested === 'user') {
    if (!role.allow_user_certificates) throw new Refusal("cert_type 'user' is not allowed by role");
    return USER_CERT;
  }
  if (requested === 'host') {
    if (!role.allow_host_certificates) throw new Refusal("cert_type 'host' is not allowed by role");
    return HOST_CERT;
  }
  throw new Refusal("cert_type must be either 'user' or 'host'");
}

/**
 * calculateValidPrincipals. The request's `valid_principals` when sent (even empty), else the
 * default (default_user for user certificates, none for host ones). No principal at all signs a
 * certificate valid for ANY user or host: Vault 1.8 does exactly that.
 */
function principalsOf(fields: Record<string, unknown>, role: SshRole, certType: number): string[] {
  const host = certType === HOST_CERT;
  const requested = 'valid_principals' in fields ? (fields.valid_principals as string) : host ? '' : role.default_user;
  const principals = principalList(requested);
  const allowedByRole = host ? role.allowed_domains : role.allowed_users;
  // Templated entries need an identity entity; tokens here have none, so they allow nobody.
  const allowed = principalList(allowedByRole).filter((p) => !(role.allowed_users_template && /^\{\{.+?\}\}$/.test(p)));
  if (principals.length === 0) return [];
  if (allowed.length === 0) throw new Refusal('role is not configured to allow any principles');
  if (allowedByRole === '*') return principals;
  for (const p of principals) {
    const allowedHere = host
      ? allowed.some((a) => (a === p && role.allow_bare_domains) || (role.allow_subdomains && p.endsWith(`.${a}`)))
      : allowed.includes(p);
    if (!allowedHere) throw new Refusal(`${p} is not a valid value for valid_principals`);
  }
  return principals;
}

function ttlOf(ctx: Ctx, fields: Record<string, unknown>, role: SshRole): number {
  const mount = mountTtls(ctx.mount);
  const specified = 'ttl' in fields;
  let ttl = specified ? (fields.ttl as number) : role.ttl;
  if (ttl === 0) ttl = mount.defaultTtl;
  const maxTtl = role.max_ttl || mount.maxTtl;
  if (ttl > maxTtl) {
    if (specified) throw new Refusal(`ttl is larger than maximum allowed ${maxTtl}`);
    ttl = maxTtl;
  }
  return ttl;
}

/** calculateCriticalOptions / calculateExtensions: the request's (checked against the allowed list, names split on ","), else the role's defaults. */
function optionsOf(requested: Record<string, unknown> | undefined, allowedList: string, defaults: Record<string, string>, refuse: (names: string) => string) {
  if (!requested || Object.keys(requested).length === 0) return defaults;
  const options = stringValues(requested);
  if (allowedList !== '') {
    const allowed = allowedList.split(',');
    const refused = Object.keys(options).filter((name) => !allowed.includes(name)).sort();
    if (refused.length > 0) throw new Refusal(refuse(`[${refused.join(' ')}]`));
  }
  return options;
}

/** 64 random bits, as `certutil.GenerateSerialNumber().Uint64()` keeps them. */
function newSerial(): bigint {
  return randomBytes(8).readBigUInt64BE();
}

export function signWithRole(ctx: Ctx, roleName: string, role: SshRole, ca: CaKey | undefined): Result {
  const fields = readFields(ctx.body, { ...SIGN_SCHEMA });
  const publicKeyText = (fields.public_key as string | undefined) ?? '';
  if (publicKeyText === '') return badRequest('missing public_key');
  let key: SshPublicKey;
  try {
    key = parsePublicSshKey(publicKeyText);
  } catch (e) {
    if (e instanceof WireError) return badRequest(`failed to parse public_key as SSH key: ${e.message}`);
    throw e;
  }
  let spec;
  try {
    checkKeyRequirements(key, role);
    const keyId = keyIdOf(ctx, fields, roleName, role, key);
    const certType = certTypeOf(fields, role);
    const principals = principalsOf(fields, role, certType);
    const ttl = ttlOf(ctx, fields, role);
    const criticalOptions = optionsOf(fields.critical_options as Record<string, unknown> | undefined, role.allowed_critical_options, role.default_critical_options, (n) => `critical options not on allowed list: ${n}`);
    const extensions = optionsOf(fields.extensions as Record<string, unknown> | undefined, role.allowed_extensions, role.default_extensions, (n) => `extensions ${n} are not on allowed list`);
    const now = ctx.core.clock.nowSec();
    spec = { key, serial: newSerial(), certType, keyId, principals, validAfter: now - 30, validBefore: now + ttl, criticalOptions, extensions };
  } catch (e) {
    if (e instanceof Refusal) return badRequest(e.message);
    throw e;
  }
  if (!ca) return fail(500, wrapped('failed to read CA private key'));
  let cert;
  try {
    cert = signCertificate(spec, ca, role.algorithm_signer);
  } catch (e) {
    if (e instanceof WireError) return fail(500, wrapped('failed to generate signed SSH key: sign error'));
    throw e;
  }
  return ok({ serial_number: spec.serial.toString(16), signed_key: authorizedKey(cert.type, cert.blob) });
}

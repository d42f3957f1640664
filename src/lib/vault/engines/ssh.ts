/**
 * The SSH secrets engine's certificate signing (`ssh/` by default): `POST <mount>/sign/:role` turns
 * an OpenSSH public key into a certificate signed by the mount's CA. Inputs are camelCase, the
 * answer is checked by its zod schema (http.ts runs it). The public key is not a secret, so Vault's
 * refusals (which name the refused principal) are shown as they are.
 */
import { z } from 'zod';
import { isVaultError, retell } from '../errors';
import { pathUnder } from '../paths';
import type { VaultRequester } from './requester';

export type SshCertType = 'user' | 'host';

export interface SshSignInput {
  role: string;
  /** One OpenSSH public key line (`ssh-ed25519 AAAA... comment`). */
  publicKey: string;
  /** At least one: Vault signs a certificate with no principal, valid for any user or host. */
  validPrincipals: string[];
  ttl?: string;
  certType?: SshCertType;
}

export interface SignedSshKey {
  /** The certificate, one `authorized_keys`-style line (`ssh-ed25519-cert-v01@openssh.com AAAA...`). */
  signedKey: string;
  /** Hex, as Vault writes it. */
  serialNumber: string;
}

const signAnswer = z
  .object({ data: z.object({ signed_key: z.string().min(1), serial_number: z.string().min(1) }) })
  .transform((a): SignedSshKey => ({ signedKey: a.data.signed_key.trim(), serialNumber: a.data.serial_number }));

/** A 400 from sign is the role (or the key) saying no: keep Vault's reason, which names what was refused. */
function roleRefusal(e: unknown, role: string): unknown {
  if (!isVaultError(e) || e.kind !== 'bad_request') return e;
  return retell(e, {
    kind: e.kind,
    summary: `The SSH role ${JSON.stringify(role)} refused to sign this key (400)`,
    hint:
      'The role decides the principals (allowed_users for user certificates, allowed_domains with allow_bare_domains / allow_subdomains for host ones), ' +
      'the certificate types (allow_user_certificates, allow_host_certificates), the key types and sizes (allowed_user_key_lengths) and the TTL (max_ttl): change the request or the role.',
  });
}

export class SshEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'ssh',
  ) {}

  /** `POST <mount>/sign/:role`: a certificate for a key the flow holds (mints: not retried once sent). */
  async sign(input: SshSignInput): Promise<SignedSshKey> {
    try {
      const res = await this.vault.request({
        method: 'POST',
        path: pathUnder(this.mount, 'sign', input.role),
        body: {
          public_key: input.publicKey,
          valid_principals: input.validPrincipals.join(','),
          ttl: input.ttl,
          cert_type: input.certType,
        },
        schema: signAnswer,
        publicBody: true,
        // A certificate is access to hosts, like a token: read-and-write connections only.
        access: 'mint',
        idempotent: false,
      });
      return res.body;
    } catch (e) {
      throw roleRefusal(e, input.role);
    }
  }
}

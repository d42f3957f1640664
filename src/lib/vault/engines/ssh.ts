/**
 * The SSH secrets engine's certificate signing (`ssh/` by default): `POST <mount>/sign/:role` turns
 * an OpenSSH public key into a certificate signed by the mount's CA. Inputs are camelCase, the
 * answer is checked by its zod schema (http.ts runs it). The public key is not a secret, so Vault's
 * refusals (which name the refused principal) are shown as they are.
 */
import { z } from 'zod';
import { mintWithRole } from './mint-with-role';
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

export class SshEngine {
  constructor(
    private readonly vault: VaultRequester,
    private readonly mount = 'ssh',
  ) {}

  /** `POST <mount>/sign/:role`: a certificate for a key the flow holds (mints: not retried once sent). */
  sign(input: SshSignInput): Promise<SignedSshKey> {
    return mintWithRole(this.vault, {
      mount: this.mount,
      endpoint: 'sign',
      role: input.role,
      body: { public_key: input.publicKey, valid_principals: input.validPrincipals.join(','), ttl: input.ttl, cert_type: input.certType },
      schema: signAnswer,
      refusal: {
        engine: 'SSH',
        asked: 'sign this key',
        roleDecides:
          'The role decides the principals (allowed_users for user certificates, allowed_domains with allow_bare_domains / allow_subdomains for host ones), ' +
          'the certificate types (allow_user_certificates, allow_host_certificates), the key types and sizes (allowed_user_key_lengths) and the TTL (max_ttl)',
      },
    });
  }
}

/** An Ed25519 public key line (32 zero bytes): well-formed, the dev server's role decides the rest. */
const FUZZ_SSH_KEY = `ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32)]).toString('base64')} fuzz@example`;

/** Values the props carry, so a test can look for them in outputs and errors. */
export interface PropValues {
  value: string;
  password: string;
  plaintext: string;
  ciphertext: string;
}

/**
 * Valid props for every action of the piece (the fuzz replaces one at a time; the access-table
 * test runs each on restricted connections). Paths point at `secret/fuzz/*`, `transit` keys
 * `fuzzkey` and `fuzzsign` (ed25519), `totp` key `fuzz`, `userpass/`, `pki` role `fuzz` and `database/creds/fuzz`; a new action adds its case here.
 */
export function validProps(action: string, v: Partial<PropValues> = {}): Record<string, unknown> {
  const VALUE = v.value ?? 'a-value';
  const PASSWORD = v.password ?? 'a-password-123';
  const PLAINTEXT = v.plaintext ?? 'plain text';
  const ciphertext = v.ciphertext ?? 'vault:v1:AAAA';
  switch (action) {
    case 'read_secret':
      return { reference: 'secret/data/fuzz/p/k' };
    case 'get_secret':
    case 'get_secret_metadata':
      return { path: 'secret/fuzz/p' };
    case 'write_secret':
      return { path: 'secret/fuzz/w', data: { k: VALUE }, mode: 'merge' };
    case 'list_secrets':
      return { path: 'secret/fuzz/', recursive: false, limit: 10 };
    case 'delete_secret':
      return { path: 'secret/fuzz/d', mode: 'soft' };
    case 'clear_cache':
      return { path: 'secret/fuzz/' };
    case 'transit_encrypt':
      return { key: 'fuzzkey', plaintext: PLAINTEXT, transitPath: 'transit' };
    case 'transit_decrypt':
      return { key: 'fuzzkey', ciphertext, transitPath: 'transit' };
    case 'list_transit_keys':
      return { transitPath: 'transit' };
    case 'transit_sign':
      return { key: 'fuzzsign', input: PLAINTEXT, inputEncoding: 'text', hashAlgorithm: 'sha2-256', transitPath: 'transit' };
    case 'transit_verify':
      return { key: 'fuzzsign', input: PLAINTEXT, inputEncoding: 'text', signature: 'vault:v1:AAAA', transitPath: 'transit' };
    case 'transit_hmac':
      return { key: 'fuzzkey', input: PLAINTEXT, inputEncoding: 'text', algorithm: 'sha2-256', transitPath: 'transit' };
    case 'generate_data_key':
      return { key: 'fuzzkey', plaintext: false, bits: 256, transitPath: 'transit' };
    case 'create_totp_key':
      return { totpPath: 'totp', name: 'fuzz', generate: true, issuer: 'Fuzz', accountName: 'fuzz@example.com' };
    case 'generate_totp_code':
      return { totpPath: 'totp', name: 'fuzz' };
    case 'validate_totp_code':
      return { totpPath: 'totp', name: 'fuzz', code: '123456' };
    case 'create_token':
      return { policies: ['default'], ttl: '1h', numUses: 1, renewable: true };
    case 'lookup_token':
    case 'revoke_token':
      return { accessor: 'not-an-accessor' };
    case 'create_temporary_user':
      return { username: 'fuzz-user', password: PASSWORD, policies: ['default'], ttl: '1h', userpassPath: 'userpass' };
    case 'delete_user':
      return { username: 'nobody-here', userpassPath: 'userpass' };
    case 'write_policy':
      return { name: 'fuzz-policy', policy: 'path "secret/data/fuzz/*" { capabilities = ["read"] }' };
    case 'read_policy':
    case 'delete_policy':
      return { name: 'fuzz-policy' };
    case 'custom_api_call':
      return { method: 'GET', path: 'secret/data/fuzz/p' };
    case 'resolve_references':
      return { value: { password: '[[vault:secret/data/fuzz/p/k]]' }, onError: 'fail' };
    case 'issue_certificate':
      return { pkiPath: 'pki', role: 'fuzz', commonName: 'fuzz.example.com', altNames: ['www.fuzz.example.com'], ipSans: ['127.0.0.1'], ttl: '1h', format: 'pem', privateKeyFormat: 'der' };
    case 'sign_certificate':
      return { pkiPath: 'pki', role: 'fuzz', csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', commonName: 'fuzz.example.com', altNames: [], ttl: '1h' };
    case 'revoke_certificate':
      return { pkiPath: 'pki', serialNumber: '01:02:03' };
    case 'list_certificates':
      return { pkiPath: 'pki', expiringWithinDays: 30 };
    case 'read_secrets_under_path':
      return { path: 'secret/fuzz/', maxSecrets: 10 };
    case 'restore_secret_version':
      return { path: 'secret/fuzz/p', version: 1 };
    case 'sign_ssh_key':
      return { sshPath: 'ssh', role: 'fuzz', publicKey: FUZZ_SSH_KEY, validPrincipals: 'alice,bob', ttl: '1h', certType: 'user' };
    case 'read_dynamic_secret':
      return { path: 'database/creds/fuzz' };
    case 'renew_lease':
      return { leaseId: 'database/creds/fuzz/not-a-lease', increment: '1h' };
    case 'revoke_lease':
    case 'lookup_lease':
      return { leaseId: 'database/creds/fuzz/not-a-lease' };
    case 'send_http_request':
      // Port 1 on loopback refuses at once: the fuzz never reaches another service.
      return { method: 'POST', url: 'http://127.0.0.1:1/fuzz', headers: { authorization: 'Bearer [[vault:secret/data/fuzz/p/k]]' }, queryParams: { q: 'x' }, body: { v: VALUE }, bodyType: 'json', timeoutSeconds: 5, failOnHttpError: true };
    case 'wrap_secret':
      return { path: 'secret/fuzz/p', wrapTtl: '1m' };
    case 'wrap_data':
      return { data: { k: VALUE }, wrapTtl: '1m' };
    case 'unwrap':
    case 'lookup_wrapping_token':
      return { wrappingToken: 's.notAWrappingToken0000000' };
    default:
      throw new Error(`no baseline for ${action}`);
  }
}

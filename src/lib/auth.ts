/**
 * The piece's connection: every field a Vault login can need, and `validate`, which logs in and
 * checks access exactly like the actions will (through `checkConnection`).
 */
import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { checkConnectionProps } from './vault/check-connection';
import { redact } from './vault/redact';

const AUTH_DESCRIPTION = `
Connects to a HashiCorp Vault server (or HCP Vault / Vault Enterprise). Fill **Vault Address** and the fields of **one** login method:

| Method | Fields |
|---|---|
| AppRole (recommended) | Role ID, Secret ID (optional when the role has \`bind_secret_id=false\`), AppRole mount (default \`approle\`) |
| Token | Token |
| Userpass | Username, Password, mount (default \`userpass\`) |
| TLS certificate | Client certificate + key (PEM), optional cert role, mount (default \`cert\`) |
| Kubernetes | Role, service account JWT, mount (default \`kubernetes\`) |
| JWT / OIDC | Role, JWT, mount (default \`jwt\`) |

Logins happen once per connection and the token is renewed or replaced before it expires. On Vault Enterprise / HCP set **Namespace** (e.g. \`admin\`).

A least-privilege policy for reading and writing \`secret/app/*\` on a KV v2 mount:

\`\`\`hcl
path "secret/data/app/*"     { capabilities = ["create", "read", "update", "patch"] }
path "secret/metadata/app/*" { capabilities = ["read", "list"] }
path "sys/internal/ui/mounts/*" { capabilities = ["read"] }
\`\`\`

(\`sys/internal/ui/mounts\` lets the piece detect KV v1/v2 by itself; without it, set **KV Version**.)

**TLS:** for a private CA paste it into **CA Certificate**. *Skip TLS Verification* is for tests only: the connection check cannot show warnings, so a connection saved with it set is accepted silently and anyone on the network path can read your secrets.
`.trim();

const secretText = (displayName: string, description: string) =>
  PieceAuth.SecretText({ displayName, description, required: false });

const shortText = (displayName: string, description: string, defaultValue?: string) =>
  Property.ShortText({ displayName, description, required: false, defaultValue });

export const vaultAuth = PieceAuth.CustomAuth({
  displayName: 'HashiCorp Vault',
  description: AUTH_DESCRIPTION,
  required: true,
  props: {
    url: Property.ShortText({
      displayName: 'Vault Address',
      description: 'e.g. `https://vault.example.com:8200` (with or without `/v1`).',
      required: true,
    }),
    authMethod: Property.StaticDropdown({
      displayName: 'Login Method',
      required: true,
      defaultValue: 'appRole',
      options: {
        disabled: false,
        options: [
          { label: 'AppRole', value: 'appRole' },
          { label: 'Token', value: 'token' },
          { label: 'Username & password (userpass)', value: 'userpass' },
          { label: 'TLS client certificate', value: 'cert' },
          { label: 'Kubernetes service account', value: 'kubernetes' },
          { label: 'JWT / OIDC', value: 'jwt' },
        ],
      },
    }),
    roleId: shortText('Role ID', 'AppRole: the role_id (`vault read auth/approle/role/<role>/role-id`).'),
    secretId: secretText('Secret ID', 'AppRole: a secret_id for the role. Leave empty when the role has `bind_secret_id=false`.'),
    appRolePath: shortText('AppRole Mount', 'AppRole: mount path of the auth method.', 'approle'),
    token: secretText('Token', 'Token login: a Vault token. Prefer a periodic or long-TTL renewable token; root tokens are discouraged.'),
    username: shortText('Username', 'Userpass: the user name.'),
    password: secretText('Password', 'Userpass: the password.'),
    userpassPath: shortText('Userpass Mount', 'Userpass: mount path of the auth method.', 'userpass'),
    certPath: shortText('Cert Auth Mount', 'TLS certificate login: mount path of the cert auth method.', 'cert'),
    certRole: shortText('Cert Role', 'TLS certificate login: the certificate role name (optional: Vault tries every role).'),
    kubernetesRole: shortText('Kubernetes Role', 'Kubernetes: the Vault role bound to the service account.'),
    kubernetesPath: shortText('Kubernetes Mount', 'Kubernetes: mount path of the auth method.', 'kubernetes'),
    kubernetesJwt: secretText('Kubernetes Service Account Token', 'Kubernetes: the service account JWT (contents of `/var/run/secrets/kubernetes.io/serviceaccount/token`).'),
    jwtRole: shortText('JWT Role', 'JWT / OIDC: the Vault role.'),
    jwtPath: shortText('JWT Mount', 'JWT / OIDC: mount path of the auth method.', 'jwt'),
    jwt: secretText('JWT', 'JWT / OIDC: the signed JWT to log in with.'),
    namespace: shortText('Namespace', 'Vault Enterprise / HCP only, e.g. `admin` or `admin/team`. Used for the login and every request.'),
    caCertificate: Property.LongText({
      displayName: 'CA Certificate (PEM)',
      description: 'The CA that signed the Vault server certificate, when it is not publicly trusted.',
      required: false,
    }),
    clientCertificate: Property.LongText({
      displayName: 'Client Certificate (PEM)',
      description: 'Mutual TLS and TLS certificate login: the client certificate.',
      required: false,
    }),
    clientKey: secretText('Client Private Key (PEM)', 'Mutual TLS and TLS certificate login: the private key of the client certificate.'),
    tlsSkipVerify: Property.Checkbox({
      displayName: 'Skip TLS Verification (insecure)',
      description: 'Testing only. Accepts any server certificate for THIS connection (never the whole process). Secrets can be intercepted; use CA Certificate instead.',
      required: false,
      defaultValue: false,
    }),
    kvVersion: Property.StaticDropdown({
      displayName: 'KV Version',
      description: 'Auto detects each mount\'s version. Set it only when the policy does not grant `sys/internal/ui/mounts`.',
      required: false,
      defaultValue: 'auto',
      options: {
        disabled: false,
        options: [
          { label: 'Auto-detect', value: 'auto' },
          { label: 'KV version 1', value: '1' },
          { label: 'KV version 2', value: '2' },
        ],
      },
    }),
    cacheTtlSeconds: Property.Number({
      displayName: 'Cache TTL (seconds)',
      description: 'How long read values are kept in memory (per engine worker). 0 disables caching. Use the Clear Cache action after a rotation.',
      required: false,
      defaultValue: 3600,
    }),
    accessMode: Property.StaticDropdown({
      displayName: 'Access Mode',
      description: 'Restricts what flows using this connection may do, on top of the Vault policy.',
      required: false,
      defaultValue: 'read_and_write',
      options: {
        disabled: false,
        options: [
          { label: 'Read and write', value: 'read_and_write' },
          { label: 'Read only', value: 'read_only' },
          { label: 'Write only', value: 'write_only' },
        ],
      },
    }),
    pathPrefix: shortText('Path Prefix', 'Optional. Restricts this connection to paths under it (mount included), e.g. `secret/app/`.'),
    allowedRedirectAddresses: Property.LongText({
      displayName: 'Allowed Redirect Addresses',
      description: 'Other Vault node addresses (one per line) a 307 redirect from a standby may send requests (and the token) to.',
      required: false,
    }),
    requestTimeoutSeconds: Property.Number({
      displayName: 'Request Timeout (seconds)',
      description: 'Maximum time for one Vault request. Empty: 30.',
      required: false,
    }),
    maxRetries: Property.Number({
      displayName: 'Max Retries',
      description: 'Retries for rate limits (429), standby errors (412) and 5xx. Empty: 4.',
      required: false,
    }),
  },
  // Receives the FLAT props. The product's validate result has no room for warnings (e.g. TLS
  // verification skipped), so those live in the field descriptions above.
  validate: async ({ auth }) => {
    try {
      const result = await checkConnectionProps(auth);
      if (result.valid) return { valid: true };
      return { valid: false, error: scrubSecrets(result.error, auth) };
    } catch (e) {
      return { valid: false, error: scrubSecrets(describeFailure(e), auth) };
    }
  },
});

const SECRET_FIELDS = ['secretId', 'token', 'password', 'kubernetesJwt', 'jwt', 'clientKey', 'roleId'] as const;

/** checkConnectionProps never throws by contract; this only guards against a bug there. */
function describeFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `The connection could not be checked: ${message}`;
}

/** Last line of defence: whatever produced the message, no credential value may be echoed. */
function scrubSecrets(message: string, auth: Record<string, unknown> | undefined): string {
  const values = SECRET_FIELDS.map((field) => auth?.[field]).filter((v): v is string => typeof v === 'string');
  return redact(message, [...values, ...values.map((v) => v.trim())]);
}

/** The version the dev server reports (sys/health, sys/seal-status, the banner). */
export const VAULT_VERSION = '1.8.0-dev';
/** Dev mode's system default and max lease TTL (768h). */
export const SYSTEM_MAX_TTL = 2764800;

/**
 * Initialisation and the seal (vault/init.go, vault/seal.go, http/sys_seal.go): how many key shares,
 * how many unseal, the shares given so far. Shares are random and only compared, never combined:
 * a share the server did not hand out fails once the threshold is reached, as a wrong key does.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export class SealError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Dev mode's unseal key is the 32-byte key itself; a Shamir share is one byte longer. */
const MIN_KEY_BYTES = 16;
const MAX_KEY_BYTES = 33;

export class SealState {
  initialized: boolean;
  sealed: boolean;
  threshold = 0;
  shares = 0;
  private keys: Buffer[] = [];
  private progress: Buffer[] = [];
  nonce = '';

  /** `dev`: initialised with one key share and unsealed, like `vault server -dev`. */
  constructor(dev: boolean) {
    this.initialized = dev;
    this.sealed = !dev;
    if (dev) this.setKeys(1, 1, 32);
  }

  /** The first key share, base64 (what `vault server -dev` prints). */
  get devKey(): string {
    return this.keys[0]?.toString('base64') ?? '';
  }

  get progressCount(): number {
    return this.progress.length;
  }

  /** Returns the shares; throws the 400 Vault gives for a bad configuration. */
  initialize(shares: number, threshold: number): Buffer[] {
    if (this.initialized) throw new SealError(400, 'Vault is already initialized');
    const problem = validateConfig(shares, threshold);
    if (problem) throw new SealError(400, `invalid seal configuration: ${problem}`);
    this.setKeys(shares, threshold, shares === 1 ? 32 : 33);
    this.initialized = true;
    this.sealed = true;
    return this.keys;
  }

  /** One key share, hex or base64. Returns true when this share unsealed the Vault. */
  submit(text: string): boolean {
    const key = decodeKey(text);
    if (key.length < MIN_KEY_BYTES) throw new SealError(400, `key is shorter than minimum ${MIN_KEY_BYTES} bytes`);
    if (key.length > MAX_KEY_BYTES) throw new SealError(400, `key is longer than maximum ${MAX_KEY_BYTES} bytes`);
    if (!this.initialized) throw new SealError(400, 'Vault is not initialized');
    if (!this.sealed) return false;
    if (this.progress.some((k) => k.equals(key))) throw new SealError(400, 'given key has already been provided during this generation operation');
    this.progress.push(key);
    if (!this.nonce) this.nonce = randomUUID();
    if (this.progress.length < this.threshold) return false;
    const given = this.progress;
    this.resetProgress();
    if (!given.every((g) => this.keys.some((k) => k.equals(g)))) {
      throw new SealError(500, 'unable to retrieve stored keys: failed to encrypt keys for storage: cipher: message authentication failed');
    }
    this.sealed = false;
    return true;
  }

  resetProgress(): void {
    this.progress = [];
    this.nonce = '';
  }

  seal(): void {
    this.sealed = true;
    this.resetProgress();
  }

  private setKeys(shares: number, threshold: number, bytes: number): void {
    this.shares = shares;
    this.threshold = threshold;
    this.keys = Array.from({ length: shares }, () => randomBytes(bytes));
  }
}

/** vault/seal_config SealConfig.Validate */
function validateConfig(shares: number, threshold: number): string | undefined {
  if (shares < 1) return 'shares must be at least one';
  if (threshold < 1) return 'threshold must be at least one';
  if (shares > 1 && threshold === 1) return 'threshold must be greater than one for multiple shares';
  if (shares > 255) return 'shares must be less than 256';
  if (threshold > 255) return 'threshold must be less than 256';
  if (threshold > shares) return 'threshold cannot be larger than shares';
  return undefined;
}

/** http/sys_seal.go: hex when it decodes to a plausible key length, else standard base64. */
function decodeKey(text: string): Buffer {
  if (/^([0-9a-fA-F]{2})+$/.test(text) && text.length / 2 >= MIN_KEY_BYTES && text.length / 2 <= MAX_KEY_BYTES) return Buffer.from(text, 'hex');
  if (!/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw new SealError(400, "'key' must be a valid hex or base64 string");
  return Buffer.from(text, 'base64');
}

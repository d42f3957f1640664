import { VaultError } from '../../src/lib/vault/errors';

/** The VaultError a synchronous call throws (fails the test when it throws nothing or something else). */
export function vaultErrorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError);
    return e as VaultError;
  }
  throw new Error('expected a VaultError');
}

/**
 * Issue 9: `minimumSupportedRelease` is what the framework really requires: the release from which
 * engines understand its latest context version (an older engine would call run(undefined)).
 */
import { LATEST_CONTEXT_VERSION, MINIMUM_SUPPORTED_RELEASE_AFTER_LATEST_CONTEXT_VERSION } from '@activepieces/pieces-framework';
import { hashicorpVault } from '../../src';

it('declares exactly the framework\'s floor for its context version', () => {
  expect(LATEST_CONTEXT_VERSION).toBe('2');
  expect(hashicorpVault.minimumSupportedRelease).toBe(MINIMUM_SUPPORTED_RELEASE_AFTER_LATEST_CONTEXT_VERSION);
  expect(hashicorpVault.metadata().minimumSupportedRelease).toBe('0.82.0');
});

import { certificateExpiringTrigger } from './certificate-expiring';
import { newSecretTrigger } from './new-secret';
import { secretUpdatedTrigger } from './secret-updated';

export { secretUpdatedTrigger, newSecretTrigger };
export type { SecretEvent } from './polling/secret-changes';
export type { NewSecretEvent } from './polling/new-secrets';

/** Every trigger of the piece, in the order the flow builder shows them. */
export const vaultTriggers = [secretUpdatedTrigger, newSecretTrigger, certificateExpiringTrigger];

import type { VaultClient } from '../types';
export type VaultRequester = Pick<VaultClient, 'request'>;

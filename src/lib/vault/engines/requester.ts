import type { VaultClient } from '../types';

/** What an engine needs of the client: send a request with the connection's token. */
export type VaultRequester = Pick<VaultClient, 'request'>;

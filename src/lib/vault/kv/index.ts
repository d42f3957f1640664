export { createKvService, DEFAULT_LIST_LIMIT, type KvServiceDeps } from './kv-service';
export { MountDiscovery } from './discovery';
export type { KvContext, SendFn } from './context';

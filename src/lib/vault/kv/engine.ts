import type { DeleteMode, KvLocation, KvMetadata, KvSecret, KvVersionMetadata, WriteMode } from '../types';

/** One KV version's operations on an already located secret (`kv-v1.ts`, `kv-v2.ts`). */
export interface KvEngine {
  read(loc: KvLocation, version?: number): Promise<KvSecret>;
  write(loc: KvLocation, data: Record<string, unknown>, opts: { mode: WriteMode; cas?: number }): Promise<KvVersionMetadata | null>;
  /** One folder level; a missing folder is empty. */
  list(loc: KvLocation): Promise<string[]>;
  remove(loc: KvLocation, opts: { mode: DeleteMode; versions?: number[] }): Promise<void>;
  readMetadata(loc: KvLocation): Promise<KvMetadata>;
}

/**
 * What a trigger watches: one secret, or the secrets directly in a folder (a path ending in `/`),
 * bounded so one poll never reads an unbounded number of secrets.
 */
import { isVaultError } from '../../vault/errors';
import type { KvVersion, VaultClient } from '../../vault/types';
import { trimSlashes, trimTrailingSlashes } from '../../vault/paths';

export interface WatchTargets {
  kvVersion: KvVersion;
  /** Canonical `mount/path` of every watched secret, sorted. */
  paths: string[];
  /** True when the folder held more secrets than the limit (the first ones are watched). */
  truncated: boolean;
}

export function isFolder(path: string): boolean {
  return path.endsWith('/');
}

/** `mount/path` without `data/` and without surrounding slashes. */
async function canonical(client: VaultClient, path: string): Promise<{ kvVersion: KvVersion; path: string }> {
  const location = await client.kv.locate(trimTrailingSlashes(path));
  const inner = trimSlashes(location.path);
  return { kvVersion: location.kvVersion, path: `${location.mount}${inner}` };
}

export async function resolveTargets(client: VaultClient, rawPath: string, limit: number): Promise<WatchTargets> {
  const path = rawPath.trim().replace(/^\/+/, '');
  if (!isFolder(path)) {
    const target = await canonical(client, path);
    return { kvVersion: target.kvVersion, paths: [target.path], truncated: false };
  }
  const folder = await canonical(client, path);
  const prefix = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  const keys = await listFolder(client, path);
  const secrets = keys.filter((k) => !k.endsWith('/')).sort();
  return {
    kvVersion: folder.kvVersion,
    paths: secrets.slice(0, limit).map((k) => `${prefix}${k}`),
    truncated: secrets.length > limit,
  };
}

/** The keys directly in a folder; a missing or empty folder is an empty list (Vault answers 404). */
export async function listFolder(client: VaultClient, folder: string): Promise<string[]> {
  try {
    return (await client.kv.list(folder)).keys;
  } catch (e) {
    if (isVaultError(e) && e.kind === 'not_found') return [];
    throw e;
  }
}

export function isNotFound(e: unknown): boolean {
  return isVaultError(e) && e.kind === 'not_found';
}

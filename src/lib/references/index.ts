export { parseReferences, scanReferences, ReferenceSyntaxError } from './parse';
export type { SecretReference, ReferenceForm, MalformedReference } from './parse';
export { resolveString, resolveObject, ReferenceResolutionError } from './resolve';
export type { SecretResolver, ResolveOptions, OnError, UnresolvedReference, SkippedResolution } from './resolve';
export { createVaultResolver } from './vault-resolver';
export type { ConnectionsById, VaultResolverOptions } from './vault-resolver';
export { resolveWithVault } from './resolve-with-vault';
export type { VaultResolveOptions } from './resolve-with-vault';
export { resolveReferencesAction } from './resolve-references-action';

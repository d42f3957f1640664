// Owned by the triggers work.
export const vaultTriggers = [];

// Owned by the actions work: every action of the piece, in the order the flow builder shows them.
export const vaultActions = [];

import { parsePolicy, type Policy } from './policy';

/**
 * The policy of every wrapping token (vault/policy_store.go responseWrappingPolicy): it may read its
 * own cubbyhole's `response` and unwrap itself, nothing else. Built in, never listed or stored.
 */
export const RESPONSE_WRAPPING_POLICY: Policy = parsePolicy(
  'response-wrapping',
  `path "cubbyhole/response" {
    capabilities = ["create", "read"]
}

path "sys/wrapping/unwrap" {
    capabilities = ["update"]
}
`,
);

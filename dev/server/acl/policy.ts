import { parseHcl, keyLines, HclBlock, HclError, type HclObject } from './hcl';
import { trimLeadingSlashes } from '../util/slashes';

export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;
/** Vault 1.8 has no `patch` capability (added in 1.9 with KV PATCH). */
const CAPABILITIES_1_8 = CAPABILITIES.filter((c) => c !== 'patch');

const TOP_KEYS = ['name', 'path'];
const PATH_KEYS = ['comment', 'policy', 'capabilities', 'allowed_parameters', 'denied_parameters', 'required_parameters', 'min_wrapping_ttl', 'max_wrapping_ttl', 'control_group', 'mfa_methods'];

/** hclutil.CheckHCLKeys: every unknown key, as a go-multierror list; `prefix` as multierror.Prefix adds it. */
function unknownKeys(obj: HclObject, valid: string[], prefix = ''): string | undefined {
  const bad = (keyLines.get(obj) ?? []).filter((k) => !valid.includes(k.key)).map((k) => `${prefix}invalid key ${JSON.stringify(k.key)} on line ${k.line}`);
  if (!bad.length) return undefined;
  return `${bad.length === 1 ? '1 error' : `${bad.length} errors`} occurred:\n${bad.map((b) => `\t* ${b}`).join('\n')}\n\n`;
}
export type Capability = (typeof CAPABILITIES)[number];

export interface PolicyRule {
  path: string;
  capabilities: Set<Capability>;
}

export interface Policy {
  name: string;
  /** The text exactly as written. */
  raw: string;
  rules: PolicyRule[];
}

const LEGACY: Record<string, Capability[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

/** Parses policy HCL/JSON or throws with Vault's "failed to parse policy" wording. */
export function parsePolicy(name: string, raw: string, withPatch = true): Policy {
  let doc;
  try {
    doc = parseHcl(raw);
  } catch (e) {
    throw new Error(`failed to parse policy: ${(e as HclError).message}`);
  }
  // vault/policy.go parseACLPolicyWithTemplating: top-level keys, then each path's keys
  const topError = unknownKeys(doc, TOP_KEYS);
  if (topError) throw new Error(`failed to parse policy: ${topError}`);
  const allowed: readonly string[] = withPatch ? CAPABILITIES : CAPABILITIES_1_8;
  const rules: PolicyRule[] = [];
  const blocks = (doc.path as HclBlock[] | undefined) ?? [];
  if (!Array.isArray(blocks)) throw new Error('failed to parse policy: path must be a block');
  for (const block of blocks) {
    const path = trimLeadingSlashes(block.labels[0] ?? '');
    const pathError = unknownKeys(block.body, PATH_KEYS, `path ${JSON.stringify(path)}: `);
    if (pathError) throw new Error(`failed to parse policy: ${pathError}`);
    const caps = new Set<Capability>();
    const listed = block.body.capabilities;
    if (listed !== undefined) {
      if (!Array.isArray(listed)) throw new Error(`failed to parse policy: capabilities for "${path}" must be a list`);
      for (const c of listed) {
        if (!allowed.includes(String(c)))
          throw new Error(`failed to parse policy: path "${path}": invalid capability "${String(c)}"`);
        caps.add(c as Capability);
      }
    }
    const legacy = block.body.policy;
    if (typeof legacy === 'string') {
      const mapped = LEGACY[legacy];
      if (!mapped) throw new Error(`failed to parse policy: path "${path}": invalid policy "${legacy}"`);
      mapped.forEach((c) => caps.add(c));
    }
    rules.push({ path, capabilities: caps });
  }
  return { name, raw, rules };
}

import { parseHcl, HclBlock, HclError } from './hcl';

export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;
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
export function parsePolicy(name: string, raw: string): Policy {
  let doc;
  try {
    doc = parseHcl(raw);
  } catch (e) {
    throw new Error(`failed to parse policy: ${(e as HclError).message}`);
  }
  const rules: PolicyRule[] = [];
  const blocks = (doc.path as HclBlock[] | undefined) ?? [];
  if (!Array.isArray(blocks)) throw new Error('failed to parse policy: path must be a block');
  for (const block of blocks) {
    const path = (block.labels[0] ?? '').replace(/^\/+/, '');
    const caps = new Set<Capability>();
    const listed = block.body.capabilities;
    if (listed !== undefined) {
      if (!Array.isArray(listed)) throw new Error(`failed to parse policy: capabilities for "${path}" must be a list`);
      for (const c of listed) {
        if (!(CAPABILITIES as readonly string[]).includes(String(c)))
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

import { Acl } from '../acl/acl';
import { parsePolicy, type Policy } from '../acl/policy';
import { DEFAULT_POLICY } from '../acl/default-policy';
import { RESPONSE_WRAPPING_POLICY } from '../acl/response-wrapping-policy';
import { MountTable } from './mount-table';
import { randomAlnum } from '../util/ids';

/** One (Enterprise) namespace: its own mounts, auth methods and policies. Root has path ''. */
export class Namespace {
  readonly id: string;
  readonly children = new Map<string, Namespace>();
  readonly mounts = new MountTable();
  readonly authMounts = new MountTable();
  readonly policies = new Map<string, Policy>();
  readonly customMetadata: Record<string, string>;
  private readonly aclCache = new Map<string, Acl>();

  constructor(
    readonly path: string,
    readonly parent?: Namespace,
    customMetadata: Record<string, string> = {},
  ) {
    this.id = path === '' ? 'root' : randomAlnum(5);
    this.customMetadata = customMetadata;
    this.policies.set('default', parsePolicy('default', DEFAULT_POLICY));
  }

  /** 'ns1/ns2' style name without slashes ('' for root), used in logs. */
  get name(): string {
    return this.path.replace(/\/$/, '');
  }

  setPolicy(p: Policy): void {
    this.policies.set(p.name, p);
    this.aclCache.clear();
  }

  deletePolicy(name: string): void {
    this.policies.delete(name);
    this.aclCache.clear();
  }

  /** The ACL for a set of policy names, compiled once until a policy changes. */
  acl(policyNames: string[]): Acl {
    const key = policyNames.join('\n');
    let acl = this.aclCache.get(key);
    if (!acl) {
      const root = policyNames.includes('root');
      const found = policyNames
        .map((n) => this.policies.get(n) ?? (n === RESPONSE_WRAPPING_POLICY.name ? RESPONSE_WRAPPING_POLICY : undefined))
        .filter((p): p is Policy => !!p);
      acl = new Acl(found, root);
      this.aclCache.set(key, acl);
    }
    return acl;
  }

  isSelfOrAncestorOf(other: Namespace): boolean {
    return other.path.startsWith(this.path);
  }
}

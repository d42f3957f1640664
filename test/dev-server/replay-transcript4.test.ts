/**
 * Transcript 4 (test/fixtures/transcript4.jsonl): PKI (root CA, roles, issue, sign, sign-verbatim,
 * revoke, CRL, tidy) and leases (lookup, renew, revoke, revoke-prefix) on `vault server -dev`.
 */
import { describeReplay } from './replay/suite';

describeReplay({ file: 'transcript4.jsonl', rowCount: 82, server: { rootToken: 'root', patchSupported: false } });

/**
 * PEM blocks as Go's encoding/pem reads them, strictly (no one-line forms: Vault refuses those):
 * the piece's own linear scan, without the repairs it makes for pasted connection fields.
 */
import { pemSpans, type PemSpan } from '../../../src/lib/vault/connection/pem';

export type PemBlock = PemSpan;
export const pemBlocks = pemSpans;

/** The base64 of a block's body decoded (white space ignored). */
export function pemBytes(block: PemBlock): Buffer {
  return Buffer.from(block.body.replace(/\s+/g, ''), 'base64');
}

import type { KeyObject } from 'node:crypto';
import type { KeyType } from './keys';
import type { PkiRole } from './roles';
import type { Urls } from './x509';

export interface CaInfo {
  der: Buffer;
  pem: string;
  key: KeyObject;
  keyType: KeyType;
  /** Colon form. */
  serial: string;
  /** The CA's subject Name DER, reused byte for byte as the issuer of what it signs. */
  subjectDer: Buffer;
  keyId: Buffer;
  notAfterMs: number;
  issuerId: string;
  keyRef: string;
}

export interface StoredCert {
  der: Buffer;
  notAfterMs: number;
}

/** Everything one pki mount holds. */
export interface PkiState {
  /** The signing bundle (config/ca_bundle); `DELETE root` removes it. */
  ca?: CaInfo;
  /** The published CA certificate (the `ca` entry), which `DELETE root` leaves in place, as 1.8 does. */
  caCert?: { der: Buffer };
  /** Issued certificates by colon serial (the CA's own included, as Vault stores it under certs/). */
  certs: Map<string, StoredCert>;
  /** Revocation time in ms by colon serial. */
  revoked: Map<string, number>;
  crl?: Buffer;
  crlNumber: number;
  urls: Urls;
  roles: Map<string, PkiRole>;
}

export const newPkiState = (): PkiState => ({
  certs: new Map(),
  revoked: new Map(),
  crlNumber: 0,
  urls: { issuing_certificates: [], crl_distribution_points: [], ocsp_servers: [] },
  roles: new Map(),
});

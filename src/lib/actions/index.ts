// Every action of the piece, in the order the flow builder shows them.
import { clearCache } from './clear-cache';
import { createTemporaryUser } from './create-temporary-user';
import { createToken } from './create-token';
import { customApiCall } from './custom-api-call';
import { deletePolicy } from './delete-policy';
import { deleteSecret } from './delete-secret';
import { deleteUser } from './delete-user';
import { getSecret } from './get-secret';
import { getSecretMetadata } from './get-secret-metadata';
import { listSecrets } from './list-secrets';
import { listTransitKeysAction } from './list-transit-keys';
import { lookupToken } from './lookup-token';
import { readPolicy } from './read-policy';
import { readSecret } from './read-secret';
import { revokeToken } from './revoke-token';
import { transitDecrypt } from './transit-decrypt';
import { transitEncrypt } from './transit-encrypt';
import { writePolicy } from './write-policy';
import { writeSecret } from './write-secret';
import { issueCertificate } from './issue-certificate';
import { listCertificates } from './list-certificates';
import { lookupLease } from './lookup-lease';
import { readDynamicSecret } from './read-dynamic-secret';
import { renewLease } from './renew-lease';
import { revokeCertificate } from './revoke-certificate';
import { revokeLease } from './revoke-lease';
import { signCertificate } from './sign-certificate';
import { readSecretsUnderPath } from './read-secrets-under-path';
import { restoreSecretVersion } from './restore-secret-version';
import { signSshKey } from './sign-ssh-key';
import { transitSign } from './transit-sign';
import { transitVerify } from './transit-verify';
import { transitHmac } from './transit-hmac';
import { generateDataKey } from './generate-data-key';
import { createTotpKey } from './create-totp-key';
import { generateTotpCode } from './generate-totp-code';
import { validateTotpCode } from './validate-totp-code';
import { sendHttpRequest } from './send-http-request';
import { wrapSecret } from './wrap-secret';
import { wrapData } from './wrap-data';
import { unwrap } from './unwrap';
import { lookupWrappingToken } from './lookup-wrapping-token';

export const vaultActions = [
  readSecret,
  getSecret,
  sendHttpRequest,
  wrapSecret,
  wrapData,
  unwrap,
  lookupWrappingToken,
  writeSecret,
  listSecrets,
  deleteSecret,
  getSecretMetadata,
  readSecretsUnderPath,
  restoreSecretVersion,
  clearCache,
  transitEncrypt,
  transitDecrypt,
  listTransitKeysAction,
  transitSign,
  transitVerify,
  transitHmac,
  generateDataKey,
  createTotpKey,
  generateTotpCode,
  validateTotpCode,
  createToken,
  lookupToken,
  revokeToken,
  createTemporaryUser,
  deleteUser,
  writePolicy,
  readPolicy,
  deletePolicy,
  issueCertificate,
  signCertificate,
  revokeCertificate,
  listCertificates,
  signSshKey,
  readDynamicSecret,
  renewLease,
  revokeLease,
  lookupLease,
  customApiCall,
];

// Each action by name too (tests and embedders import them one by one).
export {
  clearCache,
  createTemporaryUser,
  createToken,
  createTotpKey,
  customApiCall,
  deletePolicy,
  deleteSecret,
  deleteUser,
  generateDataKey,
  generateTotpCode,
  getSecret,
  getSecretMetadata,
  issueCertificate,
  listCertificates,
  listSecrets,
  listTransitKeysAction,
  lookupLease,
  lookupToken,
  lookupWrappingToken,
  readDynamicSecret,
  readPolicy,
  readSecret,
  readSecretsUnderPath,
  renewLease,
  restoreSecretVersion,
  revokeCertificate,
  revokeLease,
  revokeToken,
  sendHttpRequest,
  signCertificate,
  signSshKey,
  transitDecrypt,
  transitEncrypt,
  transitHmac,
  transitSign,
  transitVerify,
  unwrap,
  validateTotpCode,
  wrapData,
  wrapSecret,
  writePolicy,
  writeSecret,
};

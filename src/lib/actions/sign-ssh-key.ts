import { createAction } from '@activepieces/pieces-framework';
import { z } from 'zod';
import { vaultAuth } from '../auth';
import { SshEngine } from '../vault/engines/ssh';
import { clientFor } from '../common/client';
import { mountPathProp, nameSegment } from '../common/segments';
import {
  certTypeProp,
  certTypeSchema,
  principalsSchema,
  publicKeyProp,
  publicKeySchema,
  sshPathProp,
  sshRoleProp,
  sshTtlProp,
  validPrincipalsProp,
} from '../common/ssh-props';
import { optionalDuration, parseProps } from '../common/validate';

const propsSchema = z.object({
  sshPath: mountPathProp('SSH mount path', 'ssh'),
  role: nameSegment('Role'),
  publicKey: publicKeySchema,
  validPrincipals: principalsSchema,
  ttl: optionalDuration('TTL'),
  certType: certTypeSchema,
});

export const signSshKey = createAction({
  auth: vaultAuth,
  name: 'sign_ssh_key',
  displayName: 'Sign SSH Key',
  description:
    'Signs an OpenSSH public key with an SSH role (`ssh/sign/<role>`) and returns the certificate (`signedKey`, the `-cert.pub` line) ' +
    'and its `serialNumber`. The private key never leaves its owner. At least one principal is required.',
  props: {
    sshPath: sshPathProp,
    role: sshRoleProp,
    publicKey: publicKeyProp,
    validPrincipals: validPrincipalsProp,
    ttl: sshTtlProp,
    certType: certTypeProp,
  },
  audience: 'human',
  aiMetadata: {
    description:
      'Creates an SSH certificate that grants login to hosts as the given principals: a new credential. Needs a read-and-write connection. ' +
      'Give the public key line only, never a private key.',
    idempotent: false,
  },
  async run(context) {
    const props = parseProps('sign_ssh_key', propsSchema, context.propsValue);
    const { sshPath, ...request } = props;
    return new SshEngine(clientFor(context.auth), sshPath).sign(request);
  },
});

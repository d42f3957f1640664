/**
 * Transcript 3 (test/fixtures/transcript3.jsonl): scenarios 0-6 ran on `vault server -dev` (JWT auth,
 * Transit, userpass, token roles and accessors, policies, wrapping, KV metadata); scenario 7 on a
 * second Vault started from a config file over TLS (init, unseal, cert auth), replayed here against
 * the dev server started the same way (`uninitialized`, `tls`), with stand-ins for the recorded
 * client certificates (replay/transcript3-tls.ts).
 */
import { describeReplay } from './replay/suite';
import { recordedTls } from './replay/transcript3-tls';

describeReplay({
  file: 'transcript3.jsonl',
  rowCount: 305,
  part: { label: 'scenarios 0-6, dev server', rows: (r) => r.scenario !== '7' },
  server: { rootToken: 'root', patchSupported: false },
});

describeReplay({
  file: 'transcript3.jsonl',
  rowCount: 305,
  part: { label: 'scenario 7, initialised and unsealed over TLS', rows: (r) => r.scenario === '7' },
  server: { uninitialized: true, tls: true, requireClientCert: true, patchSupported: false },
  options: (vault, all) => {
    const tls = recordedTls(vault, all);
    return { send: tls.send, substitutions: tls.substitutions };
  },
});

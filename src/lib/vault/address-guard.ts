/**
 * Connect-time address checks: an embedder (the platform's SSRF filter) decides, for every IP a
 * connection to Vault would use, whether it may be contacted. Checked on the address actually
 * connected to (after DNS), so a name that resolves elsewhere between a check and the connect
 * cannot slip through.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { VaultError } from './errors';

/** Returns why `ip` (resolved from `host`) must not be contacted, or undefined when it may. */
export type AddressCheck = (ip: string, host: string) => string | undefined;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function refusal(reason: string, host: string, ip: string): VaultError {
  return new VaultError({
    kind: 'connection',
    summary: `Refused to connect to ${host} (${ip}): ${reason}`,
    hint: '',
    address: host,
  });
}

/** A `net.connect` lookup that refuses addresses the check rejects. */
function checkedLookup(check: AddressCheck) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const { address } of addresses) {
        const reason = check(address, hostname);
        if (reason) return callback(refusal(reason, hostname, address) as unknown as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first.address, first.family);
    });
  };
}

/** An undici connector (TLS options as given) that applies `check` before any byte is sent. */
export function guardedConnector(tls: buildConnector.BuildOptions, check: AddressCheck): buildConnector.connector {
  const connect = buildConnector({ ...tls, lookup: checkedLookup(check) } as buildConnector.BuildOptions);
  return (options, callback) => {
    const literal = options.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal)) {
      const reason = check(literal, literal);
      if (reason) return callback(refusal(reason, literal, literal), null);
    }
    connect(options, callback);
  };
}

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a request to a destination someone else chose may not reach. A Web Push endpoint comes from a
 * browser, so any signed-in person can name one (POST /api/push/subscribe): without this the notifier
 * POSTed to whatever https address they gave (a service on its own host or the city's network), and the
 * answer's status and first bytes came back to them in the self-test result. Push services are on the
 * internet; loopback, private, link-local, CGNAT, multicast and reserved ranges are refused (IPv4-mapped
 * IPv6 addresses are checked as their IPv4 address).
 */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]
] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** The error code of a connection refused because its host resolved to an address that is not public. */
export const NOT_PUBLIC_CODE = 'ENOTPUBLIC';

/** True for an IP address on the public internet; false for the ranges above and for anything not an IP. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) requests that resolves as usual and fails with NOT_PUBLIC_CODE when any address
 * of the host is not public: checked on the addresses the socket then connects to, so a name that resolves
 * differently the second time (DNS rebinding) gains nothing. IP literals skip `lookup` in node: check them with
 * isPublicAddress before the request.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((a) => !isPublicAddress(a.address))) {
      return callback(Object.assign(new Error(`${hostname} resolves to an address that is not public`), { code: NOT_PUBLIC_CODE }), []);
    }
    if (options.all) callback(null, list);
    else callback(null, list[0].address, list[0].family);
  });
}

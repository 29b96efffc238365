import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a request to a destination someone else chose may not reach. A Web Push endpoint comes from a
 * browser, so any signed-in person can name one (POST /api/push/subscribe): without this the notifier
 * POSTed to whatever https address they gave (a service on its own host or the city's network), and the
 * answer's status and first bytes came back to them in the self-test result. Push services are on the
 * internet; loopback, private, link-local, CGNAT, multicast and reserved ranges are refused (IPv4-mapped
 * IPv6 addresses are checked as their IPv4 address, and so are those a gateway turns into IPv4: see
 * embeddedIpv4).
 */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]
] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
// ::/96 holds ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d; 64:ff9b:1::/48 is NAT64 for local use only;
// fec0::/10 is the deprecated site-local range, 100::/64 the discard prefix.
for (const [net, bits] of [['::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8]] as const) {
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');
}

/** The 16-bit words of a valid IPv6 address (a trailing dotted quad and a zone id allowed). */
function ipv6Words(ip: string): number[] {
  let text = ip.replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const words = (part: string | undefined) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  if (tail === undefined) return words(head);
  const front = words(head);
  const back = words(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The IPv4 address a gateway reaches for an IPv6 one: NAT64's well-known prefix 64:ff9b::/96 (RFC 6052; an
 * IPv6-only host reaches IPv4 through it, so 64:ff9b::a00:5 is 10.0.0.5) and 6to4's 2002:a.b.c.d::/48. Null for others.
 */
function embeddedIpv4(ip: string): string | null {
  const w = ipv6Words(ip);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) return v4(w[6], w[7]);
  if (w[0] === 0x2002) return v4(w[1], w[2]);
  return null;
}

/** The error code of a connection refused because its host resolved to an address that is not public. */
export const NOT_PUBLIC_CODE = 'ENOTPUBLIC';

/** True for an IP address on the public internet; false for the ranges above and for anything not an IP. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4 !== null) return isPublicAddress(v4);
  }
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

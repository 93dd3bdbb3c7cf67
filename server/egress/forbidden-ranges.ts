// The address ranges a webhook may not reach: loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved.
import { inCidr, parseCidr, type Cidr } from './ip-address.ts';

// IANA's special-purpose registries (RFC 6890 and successors), minus nothing: a webhook to an on-premises
// receiver is the admin's choice, made through ULAK_WEBHOOK_ALLOW.
const RANGES: Array<[string, string]> = [
  ['0.0.0.0/8', 'a "this network" address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address (where cloud metadata services live)'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved or broadcast address'],
  ['::/128', 'the unspecified address'],
  ['::1/128', 'a loopback address'],
  ['::/96', 'an IPv4-compatible address'],
  ['::ffff:0:0:0/96', 'an IPv4-translated address'],
  ['64:ff9b:1::/48', 'a local NAT64 address'],
  ['100::/64', 'a discard address'],
  ['2001::/23', 'an IETF protocol address (Teredo and others)'],
  ['2001:db8::/32', 'a documentation address'],
  ['fc00::/7', 'a unique local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
];
const FORBIDDEN: Array<{ cidr: Cidr; label: string }> = RANGES.map(([text, label]) => ({ cidr: parseCidr(text), label }));

// IPv6 forms that carry an IPv4 address inside: the IPv4 address is what the packet reaches, so it is what is checked.
const MAPPED = parseCidr('::ffff:0:0/96');
const NAT64 = parseCidr('64:ff9b::/96');
const SIX_TO_FOUR = parseCidr('2002::/16');

/** The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any. */
export function embeddedIPv4(address: Uint8Array): Uint8Array | undefined {
  if (address.length !== 16) return undefined;
  if (inCidr(address, MAPPED) || inCidr(address, NAT64)) return address.slice(12, 16);
  if (inCidr(address, SIX_TO_FOUR)) return address.slice(2, 6);
  return undefined;
}

/** What kind of non-public address this is ("a loopback address"), or undefined for a public one. */
export function forbiddenRange(address: Uint8Array): string | undefined {
  const inner = embeddedIPv4(address);
  if (inner) return forbiddenRange(inner);
  return FORBIDDEN.find((f) => inCidr(address, f.cidr))?.label;
}

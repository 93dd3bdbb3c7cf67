// Decides whether a user-typed URL may be called: at save time from its literal host, at send time from its DNS answer.
import { lookup as dnsLookup } from 'node:dns/promises';
import { addressAllowed, hostAllowed, portsAllowed, type AllowList } from './allow-list.ts';
import { NOT_ALLOWED, notAllowed, unreachable } from './egress-error.ts';
import { forbiddenRange } from './forbidden-ranges.ts';
import { parseIp } from './ip-address.ts';
import { NOT_HTTP_URL, parseHttpUrl } from '../lib/http-url.ts';

export type Lookup = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface EgressPolicy {
  allow: AllowList;
  /** DNS resolution; tests inject a fake name server. */
  lookup?: Lookup;
}

/** Where to connect: the checked address, and the name the request and TLS certificate are for. */
export interface Destination {
  /** The URL with its host replaced by the checked IP address. */
  target: URL;
  /** The original `host[:port]`, sent as the Host header. */
  host: string;
  /** The original host name for TLS (SNI and certificate check); absent when the URL named an IP. */
  serverName?: string;
}

const defaultLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

const hostName = (url: URL) => url.hostname.toLowerCase().replace(/\.$/, '');
/** The port the call connects to, for allow-list entries that name one. */
const portOf = (url: URL) => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
// RFC 6761: localhost and every name under it are loopback, whatever a resolver says.
const isLocalhost = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/**
 * Save time: why this URL can never be called, or undefined when only the DNS answer at send time can tell.
 * Literal IPs (in any spelling the URL parser accepts: 0x7f000001, 2130706433, [::ffff:127.0.0.1]) and localhost
 * are decided here, so a marketer hears at once instead of from a run log.
 */
export function refusalAtSave(raw: string, allow: AllowList): string | undefined {
  const url = parseHttpUrl(raw);
  if (!url) return NOT_HTTP_URL;
  const host = hostName(url);
  const port = portOf(url);
  if (hostAllowed(allow, host, port)) return undefined;
  // localhost stands for 127.0.0.1 here; at send time the addresses it really resolves to are checked.
  const literal = isLocalhost(host) ? '127.0.0.1' : host;
  const why = literalRefusal(literal, allow, port);
  if (!why) return undefined;
  const ports = portsAllowed(allow, host, parseIp(literal));
  const remedy = ports.length ? `ULAK_WEBHOOK_ALLOW allows it only on port ${ports.join(', ')}` : 'webhooks may only reach public addresses unless ULAK_WEBHOOK_ALLOW lists it';
  return `${NOT_ALLOWED}: ${host} is ${why}; ${remedy}`;
}

function literalRefusal(host: string, allow: AllowList, port: number): string | undefined {
  const ip = parseIp(host);
  if (!ip || addressAllowed(allow, ip, port)) return undefined;
  return forbiddenRange(ip);
}

/**
 * Send time: resolves the host and refuses unless every address it resolves to is public or allowed (a name that
 * answers with one private address among public ones could be steered there). The first address is the one to
 * connect to, so DNS cannot answer differently between this check and the connection (rebinding).
 */
export async function resolveDestination(raw: string, policy: EgressPolicy): Promise<Destination> {
  const url = parseHttpUrl(raw);
  if (!url) throw notAllowed();
  const host = hostName(url);
  const literal = parseIp(host);
  let addresses: string[];
  if (literal) {
    addresses = [host.replace(/^\[(.*)\]$/, '$1')];
  } else {
    try {
      addresses = (await (policy.lookup ?? defaultLookup)(host)).map((a) => a.address);
    } catch (error) {
      // A name that does not exist answers like a refused one, so internal names cannot be told from typos.
      const code = (error as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') throw notAllowed();
      throw unreachable(error);
    }
  }
  const port = portOf(url);
  const trusted = hostAllowed(policy.allow, host, port);
  const permitted = (address: string) => {
    const ip = parseIp(address);
    if (!ip) return false;
    if (trusted || addressAllowed(policy.allow, ip, port)) return true;
    return !isLocalhost(host) && forbiddenRange(ip) === undefined;
  };
  if (addresses.length === 0 || !addresses.every(permitted)) throw notAllowed();
  const address = addresses[0]!;
  const target = new URL(url);
  target.hostname = address.includes(':') ? `[${address}]` : address;
  return { target, host: url.host, ...(literal ? {} : { serverName: url.hostname.replace(/\.$/, '') }) };
}

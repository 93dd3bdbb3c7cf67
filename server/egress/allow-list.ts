// ULAK_WEBHOOK_ALLOW: the admin's list of CIDR ranges and host names webhooks may reach although they are not public.
import { embeddedIPv4 } from './forbidden-ranges.ts';
import { inCidr, parseCidr, type Cidr } from './ip-address.ts';

export interface AllowList {
  cidrs: Cidr[];
  /** Lower-case names without a trailing dot; `*.example.com` allows every name under example.com. */
  hosts: string[];
}

export const EMPTY_ALLOW_LIST: AllowList = { cidrs: [], hosts: [] };

const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses `127.0.0.1/32,::1/128,hooks.internal.example`; throws naming the first bad entry. */
export function parseAllowList(value: string | undefined): AllowList {
  const list: AllowList = { cidrs: [], hosts: [] };
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (/^[\d.]+(\/.*)?$/.test(entry) || entry.includes(':')) {
      list.cidrs.push(parseCidr(entry));
    } else if (HOST.test(entry.replace(/\.$/, ''))) {
      list.hosts.push(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`"${raw.trim()}" is neither a CIDR range (10.0.0.0/8, fd00::/8), an IP address nor a host name`);
    }
  }
  return list;
}

/** Whether the URL's host name itself is allowed (then any address it resolves to is accepted). */
export function hostAllowed(list: AllowList, host: string): boolean {
  return list.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));
}

/** Whether an address falls in an allowed range; an IPv4-mapped IPv6 address counts as its IPv4 address. */
export function addressAllowed(list: AllowList, address: Uint8Array): boolean {
  const inner = embeddedIPv4(address);
  return list.cidrs.some((c) => inCidr(address, c) || (inner !== undefined && inCidr(inner, c)));
}

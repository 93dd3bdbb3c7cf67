// ULAK_WEBHOOK_ALLOW: the admin's list of CIDR ranges and host names webhooks may reach although they are not public.
import { embeddedIPv4 } from './forbidden-ranges.ts';
import { inCidr, parseCidr, type Cidr } from './ip-address.ts';
import { parseHttpUrl } from '../lib/http-url.ts';

/** An allowed range; with a port, only connections to that port. */
export type AllowedRange = Cidr & { port?: number };

/** An allowed name, lower-case without a trailing dot; `*.example.com` allows every name under example.com. */
export interface AllowedHost {
  name: string;
  port?: number;
}

export interface AllowList {
  cidrs: AllowedRange[];
  hosts: AllowedHost[];
}

export const EMPTY_ALLOW_LIST: AllowList = { cidrs: [], hosts: [] };

const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Parses `127.0.0.1/32,::1/128,hooks.internal.example,127.0.0.1:9000,[::1]:9000,http://10.0.0.5:8080/hook`; an entry
 * with a port allows that port only, a URL stands for its host (and its port, when it names one). Throws naming the
 * first bad entry.
 */
export function parseAllowList(value: string | undefined): AllowList {
  const list: AllowList = { cidrs: [], hosts: [] };
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    // Every address: for a closed test network, never for a server that takes URLs from people it does not trust.
    if (entry === '*') {
      list.cidrs.push(parseCidr('0.0.0.0/0'), parseCidr('::/0'));
      continue;
    }
    const { host, port } = splitPort(entry, raw.trim());
    const withPort = port === undefined ? {} : { port };
    if (/^[\d.]+(\/.*)?$/.test(host) || host.includes(':')) {
      list.cidrs.push({ ...parseCidr(host), ...withPort });
    } else if (HOST.test(host.replace(/\.$/, ''))) {
      list.hosts.push({ name: host.replace(/\.$/, ''), ...withPort });
    } else {
      throw new Error(`"${raw.trim()}" is neither a CIDR range (10.0.0.0/8, fd00::/8), an IP address nor a host name`);
    }
  }
  return list;
}

/** `host:port`, `[v6]:port`, `[v6]` or an http(s) URL into its host and port; anything else is the host alone. */
function splitPort(entry: string, asWritten: string): { host: string; port?: number } {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(entry)) {
    const url = parseHttpUrl(entry);
    if (!url?.hostname) {
      throw new Error(`"${asWritten}" is not an http:// or https:// URL`);
    }
    return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), ...(url.port ? { port: Number(url.port) } : {}) };
  }
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:[\]]+):(\d+)$/.exec(entry);
  if (!match) return { host: entry };
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && !(port >= 1 && port <= 65_535)) throw new Error(`"${asWritten}": the port must be 1–65535`);
  return { host: match[1]!, ...(port === undefined ? {} : { port }) };
}

const portMatches = (allowed: number | undefined, port: number | undefined) => allowed === undefined || allowed === port;
const namesHost = (entry: AllowedHost, host: string) => (entry.name.startsWith('*.') ? host.endsWith(entry.name.slice(1)) : host === entry.name);
/** An IPv4-mapped IPv6 address counts as its IPv4 address. */
const holdsAddress = (range: AllowedRange, address: Uint8Array) => {
  const inner = embeddedIPv4(address);
  return inCidr(address, range) || (inner !== undefined && inCidr(inner, range));
};

/** Whether the URL's host name itself is allowed on this port (then any address it resolves to is accepted). */
export function hostAllowed(list: AllowList, host: string, port?: number): boolean {
  return list.hosts.some((h) => namesHost(h, host) && portMatches(h.port, port));
}

/** Whether an address falls in an allowed range for this port. */
export function addressAllowed(list: AllowList, address: Uint8Array, port?: number): boolean {
  return list.cidrs.some((c) => holdsAddress(c, address) && portMatches(c.port, port));
}

/** The ports that entries naming this host, or a range holding this address, allow it on: for saying why another port is not. */
export function portsAllowed(list: AllowList, host: string, address: Uint8Array | undefined): number[] {
  const entries = [...list.hosts.filter((h) => namesHost(h, host)), ...(address ? list.cidrs.filter((c) => holdsAddress(c, address)) : [])];
  return [...new Set(entries.map((e) => e.port).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
}

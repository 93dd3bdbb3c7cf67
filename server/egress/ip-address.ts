// IP literals as bytes and CIDR ranges over them: the arithmetic the egress policy is built on.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
  /** As written, for messages. */
  text: string;
}

/** An IPv4 (4 bytes) or IPv6 (16 bytes) literal, brackets and zone id allowed; undefined for anything else. */
export function parseIp(text: string): Uint8Array | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return Uint8Array.from(bare.split('.').map(Number));
  const noZone = bare.split('%')[0]!;
  return isIPv6(noZone) ? parseIPv6(noZone) : undefined;
}

function parseIPv6(text: string): Uint8Array {
  let s = text;
  // A trailing dotted quad (::ffff:127.0.0.1) becomes two hex groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const [head, tail] = s.split('::') as [string, string | undefined];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (one host). Throws with a message that says what is wrong. */
export function parseCidr(text: string): Cidr {
  const [address, prefixText, extra] = text.split('/');
  const bytes = parseIp(address!);
  if (!bytes || extra !== undefined) throw new Error(`"${text}" is not an IP address or CIDR range`);
  const bits = bytes.length * 8;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) throw new Error(`"${text}": the prefix length must be 0–${bits}`);
  if (!sameNetwork(bytes, zeroHostBits(bytes, prefix), bits)) {
    throw new Error(`"${text}" has bits set past its /${prefix} prefix (did you mean ${format(zeroHostBits(bytes, prefix))}/${prefix}?)`);
  }
  return { bytes, prefix, text };
}

export function inCidr(address: Uint8Array, cidr: Cidr): boolean {
  return address.length === cidr.bytes.length && sameNetwork(address, cidr.bytes, cidr.prefix);
}

function sameNetwork(a: Uint8Array, b: Uint8Array, prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if ((a[bit / 8]! & mask) !== (b[bit / 8]! & mask)) return false;
  }
  return true;
}

function zeroHostBits(bytes: Uint8Array, prefix: number): Uint8Array {
  return bytes.map((byte, i) => {
    const kept = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
}

export function format(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { addressAllowed, hostAllowed, parseAllowList } from './allow-list.ts';
import { parseIp } from './ip-address.ts';

const env = (allow?: string) => ({ ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: '/tmp/ulak-allow-list-test', ULAK_WEBHOOK_ALLOW: allow });

describe('ULAK_WEBHOOK_ALLOW', () => {
  it('parses CIDR ranges, bare addresses and host names once into the config', () => {
    const { webhookAllow } = loadConfig(env(' 127.0.0.1/32, ::1 ,10.20.0.0/16,Hooks.Internal.Example.,*.corp.example'));
    expect(webhookAllow.cidrs.map((c) => `${c.text} /${c.prefix}`)).toEqual(['127.0.0.1/32 /32', '::1 /128', '10.20.0.0/16 /16']);
    expect(webhookAllow.hosts).toEqual([{ name: 'hooks.internal.example' }, { name: '*.corp.example' }]);
  });

  it('takes a port after an address or name, and a URL as its host and port', () => {
    const { webhookAllow } = loadConfig(env('127.0.0.1:9000,[::1]:9001,[fd00::1],localhost:4000,*.corp.example:8443,http://10.0.0.5:8080/hook,https://Hooks.Internal.Example/'));
    expect(webhookAllow.cidrs.map((c) => [c.text, c.prefix, c.port])).toEqual([
      ['127.0.0.1', 32, 9000],
      ['::1', 128, 9001],
      ['fd00::1', 128, undefined],
      ['10.0.0.5', 32, 8080],
    ]);
    expect(webhookAllow.hosts).toEqual([{ name: 'localhost', port: 4000 }, { name: '*.corp.example', port: 8443 }, { name: 'hooks.internal.example' }]);
  });

  it('is empty when unset: nothing private is allowed', () => {
    expect(loadConfig(env()).webhookAllow).toEqual({ cidrs: [], hosts: [] });
  });

  it.each([
    ['10.0.0.1/8', '"10.0.0.1/8" has bits set past its /8 prefix (did you mean 10.0.0.0/8?)'],
    ['10.0.0.0/33', '"10.0.0.0/33": the prefix length must be 0–32'],
    ['300.1.2.3', '"300.1.2.3" is not an IP address or CIDR range'],
    ['ftp://hooks.example', '"ftp://hooks.example" is not an http:// or https:// URL'],
    ['127.0.0.1:0', '"127.0.0.1:0": the port must be 1–65535'],
    ['hooks.example:70000', '"hooks.example:70000": the port must be 1–65535'],
    ['[::1]:x', '"[::1]:x" is not an IP address or CIDR range'],
    ['hooks example', '"hooks example" is neither a CIDR range (10.0.0.0/8, fd00::/8), an IP address nor a host name'],
  ])('refuses the bad entry %s with a message that names it', (value, message) => {
    expect(() => loadConfig(env(`127.0.0.1/32,${value}`))).toThrow(ConfigError);
    expect(() => loadConfig(env(`127.0.0.1/32,${value}`))).toThrow(`ULAK_WEBHOOK_ALLOW: ${message}; expected comma-separated CIDR ranges or host names`);
  });

  it('matches addresses by range (IPv4-mapped IPv6 as its IPv4 address) and names exactly or by wildcard', () => {
    const list = parseAllowList('127.0.0.1/32,fd00::/8,hooks.internal.example,*.corp.example');
    expect(addressAllowed(list, parseIp('127.0.0.1')!)).toBe(true);
    expect(addressAllowed(list, parseIp('::ffff:127.0.0.1')!)).toBe(true);
    expect(addressAllowed(list, parseIp('127.0.0.2')!)).toBe(false);
    expect(addressAllowed(list, parseIp('fd12::1')!)).toBe(true);
    expect(addressAllowed(list, parseIp('fe80::1')!)).toBe(false);
    expect(hostAllowed(list, 'hooks.internal.example')).toBe(true);
    expect(hostAllowed(list, 'x.hooks.internal.example')).toBe(false);
    expect(hostAllowed(list, 'crm.corp.example')).toBe(true);
    expect(hostAllowed(list, 'corp.example')).toBe(false);
    expect(hostAllowed(list, 'evilcorp.example')).toBe(false);
  });

  it('takes * for every address, IPv4 and IPv6', () => {
    const list = parseAllowList('*');
    for (const address of ['127.0.0.1', '169.254.169.254', '10.0.0.1', '::1', 'fd00::1']) expect(addressAllowed(list, parseIp(address)!, 80)).toBe(true);
  });

  it('matches an entry with a port only on that port', () => {
    const list = parseAllowList('127.0.0.1:9000,hooks.internal.example:8443');
    expect(addressAllowed(list, parseIp('127.0.0.1')!, 9000)).toBe(true);
    expect(addressAllowed(list, parseIp('::ffff:127.0.0.1')!, 9000)).toBe(true);
    expect(addressAllowed(list, parseIp('127.0.0.1')!, 6379)).toBe(false);
    expect(addressAllowed(list, parseIp('127.0.0.1')!)).toBe(false);
    expect(hostAllowed(list, 'hooks.internal.example', 8443)).toBe(true);
    expect(hostAllowed(list, 'hooks.internal.example', 443)).toBe(false);
  });
});

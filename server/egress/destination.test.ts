import { describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseAllowList } from './allow-list.ts';
import { refusalAtSave, resolveDestination, type Lookup } from './destination.ts';
import { EgressError } from './egress-error.ts';

// Every spelling of a non-public destination a review tried, and the ranges the policy names.
const FORBIDDEN: Array<[string, string]> = [
  ['http://127.0.0.1:8080/hook', 'a loopback address'],
  ['http://[::1]/hook', 'a loopback address'],
  ['http://0x7f000001/hook', 'a loopback address'],
  ['http://2130706433/hook', 'a loopback address'],
  ['http://017700000001/hook', 'a loopback address'],
  ['http://127.1/hook', 'a loopback address'],
  ['http://localhost:6379/', 'a loopback address'],
  ['http://api.localhost/', 'a loopback address'],
  ['http://LOCALHOST./', 'a loopback address'],
  ['http://169.254.169.254/latest/meta-data/', 'a link-local address (where cloud metadata services live)'],
  ['http://10.0.0.1/', 'a private address'],
  ['http://172.16.5.4/', 'a private address'],
  ['http://172.31.255.255/', 'a private address'],
  ['http://192.168.1.1/', 'a private address'],
  ['http://100.64.0.1/', 'a carrier-grade NAT address'],
  ['http://100.100.100.200/', 'a carrier-grade NAT address'],
  ['http://0.0.0.0:22/', 'a "this network" address'],
  ['http://224.0.0.1/', 'a multicast address'],
  ['http://255.255.255.255/', 'a reserved or broadcast address'],
  ['http://[::ffff:127.0.0.1]/', 'a loopback address'],
  ['http://[::ffff:a9fe:a9fe]/', 'a link-local address (where cloud metadata services live)'],
  ['http://[64:ff9b::10.0.0.1]/', 'a private address'],
  ['http://[2002:7f00:1::]/', 'a loopback address'],
  ['http://[::]/', 'the unspecified address'],
  ['http://[fd00:ec2::254]/', 'a unique local (private) address'],
  ['http://[fc00::1]/', 'a unique local (private) address'],
  ['http://[fe80::1]/', 'a link-local address'],
  ['http://[ff02::1]/', 'a multicast address'],
];

const dns =
  (table: Record<string, string[]>): Lookup =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(url: string, policy: Parameters<typeof resolveDestination>[1]) {
  const error = await resolveDestination(url, policy).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EgressError);
  return { code: (error as EgressError).code, message: (error as EgressError).message };
}

describe('refusalAtSave', () => {
  it.each(FORBIDDEN)('refuses %s as %s', (url, why) => {
    expect(refusalAtSave(url, EMPTY_ALLOW_LIST)).toMatch(
      new RegExp(`^destination not allowed: .+ is ${why.replace(/[()]/g, '\\$&')}; webhooks may only reach public addresses unless ULAK_WEBHOOK_ALLOW lists it$`),
    );
  });

  it('accepts public addresses, and leaves host names to the send-time check', () => {
    expect(refusalAtSave('https://93.184.216.34/hook', EMPTY_ALLOW_LIST)).toBeUndefined();
    expect(refusalAtSave('https://[2606:4700::1111]/hook', EMPTY_ALLOW_LIST)).toBeUndefined();
    expect(refusalAtSave('https://hooks.example.com/ulak', EMPTY_ALLOW_LIST)).toBeUndefined();
  });

  it('refuses schemes other than http and https', () => {
    expect(refusalAtSave('file:///etc/passwd', EMPTY_ALLOW_LIST)).toBe('must be an http:// or https:// URL');
    expect(refusalAtSave('gopher://10.0.0.1:70/', EMPTY_ALLOW_LIST)).toBe('must be an http:// or https:// URL');
  });

  it('lets the admin allow-list through', () => {
    const allow = parseAllowList('127.0.0.1/32,10.20.0.0/16,hooks.internal.example');
    expect(refusalAtSave('http://127.0.0.1:9000/', allow)).toBeUndefined();
    expect(refusalAtSave('http://localhost:9000/', allow)).toBeUndefined();
    expect(refusalAtSave('http://[::ffff:127.0.0.1]/', allow)).toBeUndefined();
    expect(refusalAtSave('http://10.20.3.4/', allow)).toBeUndefined();
    expect(refusalAtSave('http://10.21.0.1/', allow)).toMatch(/^destination not allowed: 10\.21\.0\.1 is a private address/);
    expect(refusalAtSave('http://127.0.0.2/', allow)).toMatch(/^destination not allowed/);
  });

  it("lets an entry with a port through on that port only (the scheme's port when the URL names none)", () => {
    const allow = parseAllowList('127.0.0.1:9000,10.0.0.5:80,hooks.internal.example:8443');
    expect(refusalAtSave('http://127.0.0.1:9000/hook', allow)).toBeUndefined();
    expect(refusalAtSave('http://localhost:9000/hook', allow)).toBeUndefined();
    expect(refusalAtSave('http://127.0.0.1:6379/', allow)).toBe('destination not allowed: 127.0.0.1 is a loopback address; ULAK_WEBHOOK_ALLOW allows it only on port 9000');
    expect(refusalAtSave('http://10.0.0.5/', allow)).toBeUndefined();
    expect(refusalAtSave('https://10.0.0.5/', allow)).toMatch(/^destination not allowed/);
  });
});

describe('resolveDestination', () => {
  const none = { allow: EMPTY_ALLOW_LIST, lookup: dns({}) };

  it.each(FORBIDDEN)('refuses %s at send time with one fixed message', async (url) => {
    const policy = { allow: EMPTY_ALLOW_LIST, lookup: dns({ localhost: ['127.0.0.1', '::1'], 'api.localhost': ['127.0.0.1'] }) };
    expect(await refusal(url, policy)).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
  });

  it('refuses a host name that resolves to a private address, or to one among public ones', async () => {
    const lookup = dns({ 'evil.example': ['10.0.0.5'], 'mixed.example': ['93.184.216.34', '127.0.0.1'], 'v6.example': ['::ffff:169.254.169.254'] });
    for (const host of ['evil.example', 'mixed.example', 'v6.example']) {
      expect(await refusal(`https://${host}/hook`, { allow: EMPTY_ALLOW_LIST, lookup })).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
    }
  });

  it('resolves localhost through the real resolver and refuses it', async () => {
    expect(await refusal('http://localhost:1/', { allow: EMPTY_ALLOW_LIST })).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
  });

  it('answers a name that does not exist like a refused one, and a resolver failure as unreachable', async () => {
    expect(await refusal('https://nowhere.example/', none)).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
    const flaky: Lookup = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    expect(await refusal('https://hooks.example.com/', { allow: EMPTY_ALLOW_LIST, lookup: flaky })).toEqual({ code: 'destination_unreachable', message: 'destination unreachable' });
  });

  it('pins the checked address and keeps the name for the Host header and TLS', async () => {
    const lookup = dns({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'], 'v6only.example.com': ['2606:2800:220:1::1'] });
    const d = await resolveDestination('https://hooks.example.com:8443/ulak?x=1', { allow: EMPTY_ALLOW_LIST, lookup });
    expect({ target: d.target.href, host: d.host, serverName: d.serverName }).toEqual({
      target: 'https://93.184.216.34:8443/ulak?x=1',
      host: 'hooks.example.com:8443',
      serverName: 'hooks.example.com',
    });
    const six = await resolveDestination('http://v6only.example.com/x', { allow: EMPTY_ALLOW_LIST, lookup });
    expect(six.target.href).toBe('http://[2606:2800:220:1::1]/x');
    const literal = await resolveDestination('http://93.184.216.34/x', none);
    expect({ target: literal.target.href, host: literal.host, serverName: literal.serverName }).toEqual({ target: 'http://93.184.216.34/x', host: '93.184.216.34', serverName: undefined });
  });

  it('lets allowed ranges and allowed host names through, whatever they resolve to', async () => {
    const lookup = dns({ 'hooks.internal.example': ['10.1.2.3'], 'crm.corp.example': ['192.168.7.7'], 'other.example': ['10.1.2.3'] });
    const allow = parseAllowList('hooks.internal.example,*.corp.example,fd00::/8');
    expect((await resolveDestination('http://hooks.internal.example/', { allow, lookup })).target.hostname).toBe('10.1.2.3');
    expect((await resolveDestination('http://crm.corp.example/', { allow, lookup })).target.hostname).toBe('192.168.7.7');
    expect((await resolveDestination('http://[fd00::7]/', { allow, lookup })).target.hostname).toBe('[fd00::7]');
    expect(await refusal('http://other.example/', { allow, lookup })).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
  });

  it('holds an entry with a port to that port at send time', async () => {
    const lookup = dns({ 'hooks.internal.example': ['10.1.2.3'], localhost: ['127.0.0.1'] });
    const allow = parseAllowList('hooks.internal.example:8443,127.0.0.1:9000');
    expect((await resolveDestination('https://hooks.internal.example:8443/', { allow, lookup })).target.hostname).toBe('10.1.2.3');
    expect((await resolveDestination('http://localhost:9000/', { allow, lookup })).target.hostname).toBe('127.0.0.1');
    for (const url of ['https://hooks.internal.example/', 'http://localhost:9001/', 'http://127.0.0.1/']) {
      expect(await refusal(url, { allow, lookup })).toEqual({ code: 'destination_not_allowed', message: 'destination not allowed' });
    }
  });
});

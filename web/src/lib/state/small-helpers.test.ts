import { describe, expect, it } from 'vitest';
import { commandFor } from './keyboard';
import { applyCanned, cannedQuery, channelOptions } from './channel-options';
import { parseRoute, routeHref } from './router.svelte';
import { describeError } from '../format/describe-error';
import { ApiError } from '../api/client';
import { I18n } from '../i18n';
import type { Channel } from '../api';
import { channel } from '../../test/fake-server';

describe('keyboard shortcuts', () => {
  it('maps single keys to inbox commands, but not while typing in a field', () => {
    expect(commandFor({ key: 'j' })).toBe('next');
    expect(commandFor({ key: 'e' })).toBe('resolve');
    expect(commandFor({ key: '?' })).toBe('help');
    const textarea = document.createElement('textarea');
    expect(commandFor({ key: 'e', target: textarea })).toBeNull();
    expect(commandFor({ key: 'k', ctrlKey: true, target: textarea })).toBe('palette');
    expect(commandFor({ key: 'r', metaKey: true })).toBeNull();
  });
});

describe('reply channels', () => {
  const channels: Channel[] = [
    channel({ id: 'mail', kind: 'email', name: 'Support mail' }),
    channel({ id: 'wa', kind: 'whatsapp', name: 'WhatsApp' }),
    channel({ id: 'tg', kind: 'telegram', name: 'Bot' }),
    channel({ id: 'sms', kind: 'sms', name: 'SMS' }),
  ];

  it('offers only channels the contact has a deliverable identity on', () => {
    const options = channelOptions(channels, [{ kind: 'phone' }, { kind: 'email', undeliverable: true }], null);
    expect(options.map((c) => c.id)).toEqual(['wa', 'sms']);
  });

  it('always offers the channel the conversation is on', () => {
    expect(channelOptions(channels, [], { id: 'tg' }).map((c) => c.id)).toEqual(['tg']);
  });

  it('expands a /shortcut at the end of the text into the canned response', () => {
    expect(cannedQuery('Hello /tha')).toBe('tha');
    expect(cannedQuery('a/b')).toBeNull();
    expect(applyCanned('Hello /tha', 'Thank you!')).toBe('Hello Thank you!');
  });

  it("fills a canned response's variables for the conversation's contact, with fallbacks", () => {
    const ayse = { id: 'c1', name: 'Ayşe Demir', identities: [{ kind: 'email', value: 'ayse@example.com' }] };
    expect(applyCanned('/hi', 'Merhaba {{contact.firstName}}, {{contact.email}} adresine yazdık.', ayse, 'tr')).toBe('Merhaba Ayşe, ayse@example.com adresine yazdık.');
    expect(applyCanned('/hi', 'Hi {{contact.name}}!', ayse)).toBe('Hi Ayşe Demir!');
    expect(applyCanned('/hi', 'Hi {{contact.firstName | "there"}}!', { id: 'c2', name: null })).toBe('Hi there!');
  });
});

describe('routes', () => {
  it('round-trips hash routes', () => {
    expect(parseRoute('#/inbox/c%2F1')).toEqual({ name: 'inbox', conversationId: 'c/1' });
    expect(parseRoute('')).toEqual({ name: 'inbox', conversationId: null });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings', tab: 'channels' });
    expect(parseRoute('#/contacts/p1/merge/p2')).toEqual({ name: 'contacts', contactId: 'p1', mergeFrom: 'p2' });
    expect(routeHref({ name: 'contacts', contactId: 'p1', mergeFrom: 'p2' })).toBe('#/contacts/p1/merge/p2');
    expect(routeHref({ name: 'contacts', contactId: 'p1' })).toBe('#/contacts/p1');
  });
});

describe('describeError', () => {
  const i18n = new I18n('en');

  it("explains errors in words, keeping the server's own validation message", () => {
    expect(describeError(new ApiError(0, 'network', 'Failed to fetch'), i18n.t)).toMatch(/Cannot reach the server/);
    expect(describeError(new ApiError(403, 'forbidden', 'Forbidden'), i18n.t)).toMatch(/permission/);
    expect(describeError(new ApiError(422, 'invalid', 'timeZone must be an IANA zone'), i18n.t)).toBe('Please check the form: timeZone must be an IANA zone');
    i18n.setLocale('tr');
    expect(describeError(new ApiError(500, 'internal', 'x'), i18n.t)).toMatch(/Sunucu/);
  });
});

describe('channel forms', () => {
  it('labels and explains every channel field from both catalogs', async () => {
    const { channelFields, helpKey } = await import('./channel-forms');
    const { en, tr } = await import('../i18n');
    for (const field of Object.values(channelFields).flat()) {
      for (const key of [field.label, helpKey(field)]) {
        expect(en, key).toHaveProperty([key]);
        expect(tr, key).toHaveProperty([key]);
      }
    }
  });

  it('turns the email form into the nested config the connector expects', async () => {
    const { initialValues, toConfig } = await import('./channel-forms');
    const values = { ...initialValues('email'), fromAddress: 'help@example.com', 'imap.host': 'mail.example.com', 'imap.user': 'help', 'imap.password': 's3cret', 'smtp.host': 'mail.example.com' };
    expect(toConfig('email', values)).toEqual({
      fromAddress: 'help@example.com',
      imap: { host: 'mail.example.com', port: 993, secure: true, user: 'help', password: 's3cret', mailbox: 'INBOX', importDays: 30 },
      smtp: { host: 'mail.example.com', port: 465, secure: true },
    });
  });

  it('offers a multi-line CA certificate per mail server and sends it only when pasted', async () => {
    const { channelFields, initialValues, toConfig } = await import('./channel-forms');
    const caFields = channelFields.email.filter((f) => f.path.endsWith('.caCertificate'));
    expect(caFields.map((f) => [f.path, f.type, f.required ?? false])).toEqual([
      ['imap.caCertificate', 'textarea', false],
      ['smtp.caCertificate', 'textarea', false],
    ]);
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const config = toConfig('email', { ...initialValues('email'), 'smtp.host': 'mail.internal', 'smtp.caCertificate': pem });
    expect(config.smtp).toMatchObject({ host: 'mail.internal', caCertificate: pem });
    expect(config.imap).not.toHaveProperty('caCertificate');
  });
});

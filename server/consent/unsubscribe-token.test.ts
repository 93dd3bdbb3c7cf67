import { describe, expect, it } from 'vitest';
import { preferenceChanges, type Preferences } from './preferences.ts';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';

const key = Buffer.alloc(32, 7);
const contactId = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';

describe('unsubscribe tokens', () => {
  it('read back the contact and channel they were signed for', () => {
    expect(readUnsubscribeToken(key, unsubscribeToken(key, { contactId, channel: 'email' }))).toEqual({ contactId, channel: 'email' });
  });

  it('refuse another key, another channel, a truncated or reshaped token', () => {
    const token = unsubscribeToken(key, { contactId, channel: 'email' });
    expect(readUnsubscribeToken(Buffer.alloc(32, 8), token)).toBeUndefined();
    expect(readUnsubscribeToken(key, token.replace('.email.', '.sms.'))).toBeUndefined();
    expect(readUnsubscribeToken(key, token.slice(0, -2))).toBeUndefined();
    expect(readUnsubscribeToken(key, `${token}.x`)).toBeUndefined();
    expect(readUnsubscribeToken(key, '')).toBeUndefined();
  });
});

describe('preferenceChanges', () => {
  const prefs: Preferences = { contactId, language: 'tr', channels: ['email', 'sms', 'whatsapp'], status: { email: 'opted_out', whatsapp: 'opted_in' } };
  const at = new Date('2026-06-15T10:00:00Z');

  it('records only what the customer changed: a box left ticked is no opt-in', () => {
    const changes = preferenceChanges(prefs, { wanted: new Set(['email', 'whatsapp']), noMarketing: false }, at);
    expect(changes.map((c) => [c.channel, c.status, c.source])).toEqual([
      ['email', 'opted_in', 'link'],
      ['sms', 'opted_out', 'link'],
    ]);
  });

  it('records "no marketing at all" beside the channels, and lifts it when unticked', () => {
    expect(preferenceChanges(prefs, { wanted: new Set(['whatsapp', 'sms']), noMarketing: true }, at).map((c) => [c.channel, c.status])).toEqual([['all', 'opted_out']]);
    const out = { ...prefs, status: { ...prefs.status, all: 'opted_out' as const } };
    expect(preferenceChanges(out, { wanted: new Set(['whatsapp', 'sms']), noMarketing: false }, at).map((c) => [c.channel, c.status])).toEqual([['all', 'opted_in']]);
  });
});

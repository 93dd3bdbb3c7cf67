// A contact who never gave a name is shown by their best identity: the inbox list, one conversation and search hits carry it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

describe('identities of nameless contacts in lists and search', () => {
  let t: TestApp;
  let admin: Client;
  let nameless: { contactId: string; conversationId: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    const channel = await createApiChannel(admin);
    nameless = (await postInbound(t.app, channel, { externalId: 'n1', from: { id: 'u-9', phone: '+905321112233', email: 'Anon@Example.com' }, text: 'Kargom nerede? 77120' })).body;
    await postInbound(t.app, channel, { externalId: 'n2', from: { id: 'u-8', name: 'Deniz Ak' }, text: 'Merhaba' });
  });
  afterAll(() => t.close());

  const phoneAndEmail = [
    { kind: 'api', value: expect.any(String) },
    { kind: 'phone', value: '+905321112233' },
    { kind: 'email', value: 'anon@example.com' },
  ];
  const sorted = (list: Array<{ kind: string }>) => [...list].sort((a, b) => a.kind.localeCompare(b.kind));

  it('lists the identities of a nameless contact in the inbox list and in one conversation', async () => {
    const { items } = await admin.ok('GET', '/api/conversations');
    const row = items.find((c: any) => c.id === nameless.conversationId);
    expect(row.contact.name).toBeNull();
    expect(sorted(row.contact.identities)).toEqual(sorted(phoneAndEmail));
    const one = await admin.ok('GET', `/api/conversations/${nameless.conversationId}`);
    expect(sorted(one.contact.identities)).toEqual(sorted(phoneAndEmail));
  });

  it('gives contact hits and message hits their identities', async () => {
    const byPhone = await admin.ok('GET', `/api/search?q=${encodeURIComponent('0532 111 22 33')}`);
    expect(byPhone.contacts).toHaveLength(1);
    expect(sorted(byPhone.contacts[0].identities)).toEqual(sorted(phoneAndEmail));
    const byText = await admin.ok('GET', '/api/search?q=77120');
    expect(byText.messages).toHaveLength(1);
    expect(byText.messages[0].contact.name).toBeNull();
    expect(sorted(byText.messages[0].contact.identities)).toEqual(sorted(phoneAndEmail));
  });
});

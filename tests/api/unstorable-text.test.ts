// Text Postgres would refuse (NUL characters, a text index over 1 MB) is stored anyway instead of failing on every retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../support/test-app.ts';
import { adminWithChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';
import { inbound, insertChannel } from '../support/fixtures.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';

describe('text Postgres would refuse', () => {
  let t: TestApp, admin: Client, channel: ApiChannel;
  beforeAll(async () => ({ t, admin, channel } = await adminWithChannel()));
  afterAll(() => t.close());

  it('stores the message with the NULs left out instead of refusing it forever', async () => {
    const res = await postInbound(t.app, channel, { externalId: 'nul-1', from: { id: 'nul', name: 'Bo\u0000ra' }, text: 'Fatura\u0000 ekte' });
    expect(res.status).toBe(202);
    const messages = await admin.ok('GET', `/api/conversations/${res.body.conversationId}/messages`);
    expect(messages.items[0].text).toBe('Fatura ekte');
    expect((await admin.ok('GET', `/api/contacts/${res.body.contactId}`)).name).toBe('Bora');
  });

  it('keeps NULs out of what agents type as well', async () => {
    const res = await postInbound(t.app, channel, { externalId: 'nul-2', from: { id: 'nul2' }, text: 'Merhaba' });
    const reply = await admin.call('POST', `/api/conversations/${res.body.conversationId}/messages`, { text: 'Tamam\u0000dır', private: true });
    expect(reply.status).toBe(201);
    expect(reply.body.text).toBe('Tamamdır');
  });

  it('stores a very long email whole, and keeps it searchable by its beginning', async () => {
    // Words vary so the text index has to hold many distinct words; Postgres refuses a tsvector over 1 MB.
    const text = `Uzun fatura listesi ${Array.from({ length: 150_000 }, (_, i) => `kalem${i}`).join(' ')}`;
    const email = await insertChannel(t.services.database, 'email');
    const stored = await ingestMessage(t.services.ingest, { id: email.id, kind: 'email' }, inbound({ text, from: { identities: [{ kind: 'email', value: 'long@example.com' }] } }));
    const [message] = (await admin.ok('GET', `/api/conversations/${stored.conversationId}/messages`)).items;
    expect(message.text.length).toBe(text.length);
    expect((await admin.ok('GET', '/api/search?q=listesi')).messages.map((m: { id: string }) => m.id)).toEqual([stored.messageId]);
  });
});

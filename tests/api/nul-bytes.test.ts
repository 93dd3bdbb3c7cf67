// Text that Postgres cannot store (NUL characters, as some mail clients and SMS gateways send) is stored without them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

describe('inbound text with NUL characters', () => {
  let t: TestApp;
  let admin: Client;
  let channel: { id: string; secret: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin);
  });
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
});

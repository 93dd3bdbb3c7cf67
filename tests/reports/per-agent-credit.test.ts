// Per-agent credit through the real API: the agent who replies and the agent who resolves are recorded, whoever is assigned.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, users } from '../../server/db/schema/index.ts';
import { updateConversation } from '../../server/conversations/update-conversation.ts';
import { seedContacts } from '../campaigns/seed-contacts.ts';
import { insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

let now = new Date('2026-05-04T09:00:00Z');
const range = 'from=2026-05-01T00:00:00Z&to=2026-05-08T00:00:00Z';

describe('per-agent credit', () => {
  let t: TestApp;
  let admin: Client;
  let deniz: Client;
  let denizId: string;
  let conversationId: string;

  const resolver = async () => (await t.services.database.db.select({ id: conversations.resolvedById }).from(conversations).where(eq(conversations.id, conversationId)))[0]!.id;

  beforeAll(async () => {
    t = await createTestApp({ now: () => now });
    admin = await Client.admin(t.app);
    deniz = await admin.user(['agent'], 'deniz@example.com');
    denizId = (await t.services.database.db.select().from(users).where(eq(users.email, 'deniz@example.com')))[0]!.id;
    const sms = await insertChannel(t.services.database, 'sms');
    const [contactId] = await seedContacts(t.services.database, 1, () => ({ name: 'Cem' }));
    const [row] = await t.services.database.db.insert(conversations).values({ contactId: contactId!, channelId: sms.id, token: 'tok-credit', createdAt: now, lastActivityAt: now }).returning();
    conversationId = row!.id;
    // Assigned to the admin; Deniz does the work.
    await admin.ok('PATCH', `/api/conversations/${conversationId}`, { assigneeId: (await admin.ok('GET', '/api/me')).user.id });
  });
  afterAll(async () => t.close());

  it('records who resolved a conversation, and forgets it when the conversation opens again', async () => {
    now = new Date('2026-05-04T09:02:00Z');
    await deniz.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Bakıyorum.' });
    await deniz.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Kargo yolda.' });
    await deniz.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'internal', private: true });
    now = new Date('2026-05-04T10:00:00Z');
    await deniz.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    expect(await resolver()).toBe(denizId);
    await admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'open' });
    expect(await resolver()).toBeNull();
    await deniz.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    expect(await resolver()).toBe(denizId);
  });

  it('reports the replying and resolving agent, not the assignee', async () => {
    const o = await admin.ok('GET', `/api/reports/overview?${range}`);
    expect(o.perAgent).toEqual([{ id: denizId, name: 'agent', repliesSent: 2, firstResponses: 1, firstResponse: { medianSec: 120, p90Sec: 120 }, resolved: 1 }]);
  });

  it('credits nobody when automation resolves', async () => {
    await admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'open' });
    await updateConversation(t.services, conversationId, { status: 'resolved' }, { causedByAutomation: true });
    expect(await resolver()).toBeNull();
    const o = await admin.ok('GET', `/api/reports/overview?${range}`);
    expect(o.perAgent.map((a: { resolved: number }) => a.resolved)).toEqual([0]);
  });
});

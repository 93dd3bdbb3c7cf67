// Macros: managed through /api/macros and run on one conversation (reply with a filled canned response, label, assign, resolve).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { messages } from '../../server/db/schema/index.ts';
import { Client, signedInAdmin, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { daytimeClock } from '../support/clock.ts';

const now = daytimeClock();

describe('macros', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let agentId: string;
  let conversationId: string;
  let cannedId: string;
  beforeAll(async () => {
    ({ t, admin } = await signedInAdmin({ now }));
    agent = await admin.user(['agent']);
    agentId = (await agent.ok('GET', '/api/me')).user.id;
    const channel = await createApiChannel(admin);
    await postInbound(t.app, channel, { externalId: 'm1', from: { id: 'u1', name: 'Ayşe Yılmaz' }, text: 'Where is my refund?' });
    conversationId = (await agent.ok('GET', '/api/conversations')).items[0].id;
    cannedId = (await agent.ok('POST', '/api/canned-responses', { shortCode: 'refund', content: 'Hello {{contact.firstName}}, your refund is on its way.' })).id;
  });
  afterAll(() => t.close());

  it('creates, lists, renames and deletes a macro', async () => {
    const created = await agent.call('POST', '/api/macros', { name: 'Spam', actions: [{ type: 'label', add: ['spam'] }, { type: 'resolve' }] });
    expect(created.status).toBe(201);
    expect(created.body.actions).toEqual([{ type: 'label', add: ['spam'], remove: [] }, { type: 'resolve' }]);
    expect((await agent.call('POST', '/api/macros', { name: 'Spam', actions: [{ type: 'resolve' }] })).status).toBe(409);
    const renamed = await agent.ok('PATCH', `/api/macros/${created.body.id}`, { name: 'Junk' });
    expect(renamed.name).toBe('Junk');
    expect((await agent.ok('GET', '/api/macros')).items.map((m: any) => m.name)).toEqual(['Junk']);
    await agent.ok('DELETE', `/api/macros/${created.body.id}`);
    expect((await agent.ok('GET', '/api/macros')).items).toEqual([]);
    expect((await agent.call('DELETE', `/api/macros/${created.body.id}`)).status).toBe(404);
  });

  it('refuses macros with no steps or unknown steps', async () => {
    expect((await agent.call('POST', '/api/macros', { name: 'Empty', actions: [] })).status).toBe(422);
    expect((await agent.call('POST', '/api/macros', { name: 'Odd', actions: [{ type: 'explode' }] })).status).toBe(422);
    expect((await agent.call('POST', '/api/macros', { name: 'Odd', actions: [{ type: 'snooze', hours: 0 }] })).status).toBe(422);
  });

  it('runs on a conversation: replies with the canned response filled for the customer, labels, assigns to the runner, resolves', async () => {
    const macro = await agent.ok('POST', '/api/macros', {
      name: 'Refund sent',
      actions: [{ type: 'reply', cannedResponseId: cannedId }, { type: 'label', add: ['refund'] }, { type: 'assign', userId: 'me' }, { type: 'resolve' }],
    });
    const run = await agent.ok('POST', `/api/conversations/${conversationId}/macros/${macro.id}/run`);
    expect(run.messageIds).toHaveLength(1);
    const [reply] = await t.services.database.db.select().from(messages).where(eq(messages.id, run.messageIds[0]));
    expect(reply!.text).toBe('Hello Ayşe, your refund is on its way.');
    expect(reply!.direction).toBe('out');
    const conversation = await agent.ok('GET', `/api/conversations/${conversationId}`);
    expect(conversation).toMatchObject({ status: 'resolved', labels: ['refund'], assignee: { id: agentId } });
  });

  it('snoozes for the given hours from now', async () => {
    const macro = await agent.ok('POST', '/api/macros', { name: 'Later', actions: [{ type: 'snooze', hours: 4 }] });
    const before = now().getTime();
    await agent.ok('POST', `/api/conversations/${conversationId}/macros/${macro.id}/run`);
    const conversation = await agent.ok('GET', `/api/conversations/${conversationId}`);
    expect(conversation.status).toBe('snoozed');
    const until = Date.parse(conversation.snoozedUntil) - before;
    expect(until).toBeGreaterThanOrEqual(4 * 3_600_000);
    expect(until).toBeLessThan(4 * 3_600_000 + 60_000);
  });

  it('changes nothing when a step cannot run (its canned response was deleted)', async () => {
    const doomed = await agent.ok('POST', '/api/canned-responses', { shortCode: 'doomed', content: 'Bye' });
    const macro = await agent.ok('POST', '/api/macros', {
      name: 'Broken',
      actions: [
        { type: 'label', add: ['broken'] },
        { type: 'reply', cannedResponseId: doomed.id },
      ],
    });
    await agent.ok('DELETE', `/api/canned-responses/${doomed.id}`);
    const r = await agent.call('POST', `/api/conversations/${conversationId}/macros/${macro.id}/run`);
    expect(r.status).toBe(422);
    expect((await agent.ok('GET', `/api/conversations/${conversationId}`)).labels).not.toContain('broken');
    expect((await agent.call('POST', `/api/conversations/${conversationId}/macros/00000000-0000-4000-8000-000000000000/run`)).status).toBe(404);
  });

  it('is for agents: marketers may not run or manage macros', async () => {
    const marketer = await admin.user(['marketer']);
    expect((await marketer.call('GET', '/api/macros')).status).toBe(403);
    expect((await marketer.call('POST', '/api/macros', { name: 'X', actions: [{ type: 'resolve' }] })).status).toBe(403);
  });
});

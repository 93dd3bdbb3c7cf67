// Bulk actions over the inbox: by ids or by the list's filter, one transaction, an event per conversation, and undo.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { contacts, conversations, domainEvents } from '../../server/db/schema/index.ts';
import { Client, signedInAdmin, type TestApp } from '../support/test-app.ts';
import { daytimeClock } from '../support/clock.ts';

const now = daytimeClock();

async function seed(t: TestApp, n: number, values: Partial<typeof conversations.$inferInsert> = {}): Promise<string[]> {
  const db = t.services.database.db;
  const people = await db
    .insert(contacts)
    .values(Array.from({ length: n }, (_, i) => ({ name: `Customer ${i}` })))
    .returning({ id: contacts.id });
  const rows = await db
    .insert(conversations)
    .values(people.map((p, i) => ({ contactId: p.id, token: randomBytes(8).toString('hex'), lastActivityAt: new Date(now().getTime() - i * 1000), ...values })))
    .returning({ id: conversations.id });
  return rows.map((r) => r.id);
}

const statesOf = async (t: TestApp, ids: string[]) =>
  (await t.services.database.db.select().from(conversations).where(inArray(conversations.id, ids)).orderBy(conversations.id)).map((c) => ({
    id: c.id,
    status: c.status,
    assigneeId: c.assigneeId,
    labels: c.labels,
    snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
  }));

describe('POST /api/conversations/bulk', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let agentId: string;
  beforeAll(async () => {
    ({ t, admin } = await signedInAdmin({ now }));
    agent = await admin.user(['agent'], 'bulk-agent@example.com');
    agentId = (await agent.ok('GET', '/api/me')).user.id;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.services.database.db.delete(contacts);
  });

  it('resolves the named conversations in one call, an event each, and answers with their previous states', async () => {
    const ids = await seed(t, 3);
    const before = await statesOf(t, ids);
    const body = await agent.ok('POST', '/api/conversations/bulk', { ids, action: { type: 'resolve' } });
    expect(body.updated).toBe(3);
    expect([...body.ids].sort()).toEqual([...ids].sort());
    expect(body.previous.sort((a: any, b: any) => a.id.localeCompare(b.id))).toEqual(before);
    expect((await statesOf(t, ids)).map((s) => s.status)).toEqual(['resolved', 'resolved', 'resolved']);
    const events = await t.services.database.db
      .select()
      .from(domainEvents)
      .where(and(inArray(domainEvents.conversationId, ids), eq(domainEvents.type, 'conversation.resolved')));
    expect(events.map((e) => e.conversationId).sort()).toEqual([...ids].sort());
  });

  it('undoes with a restore call that puts every conversation back as it was', async () => {
    const ids = await seed(t, 2, { labels: ['vip'] });
    await t.services.database.db.update(conversations).set({ status: 'pending' }).where(eq(conversations.id, ids[0]!));
    const before = await statesOf(t, ids);
    const snoozed = await agent.ok('POST', '/api/conversations/bulk', { ids, action: { type: 'snooze', until: new Date(now().getTime() + 3_600_000).toISOString() } });
    expect(snoozed.updated).toBe(2);
    expect((await statesOf(t, ids)).map((s) => s.status)).toEqual(['snoozed', 'snoozed']);
    const undone = await agent.ok('POST', '/api/conversations/bulk', { action: { type: 'restore', previous: snoozed.previous } });
    expect(undone.updated).toBe(2);
    expect(await statesOf(t, ids)).toEqual(before);
  });

  it('assigns, labels (adding and removing) and reopens', async () => {
    const ids = await seed(t, 2, { labels: ['old', 'keep'], status: 'resolved' });
    expect((await agent.ok('POST', '/api/conversations/bulk', { ids, action: { type: 'assign', userId: agentId } })).updated).toBe(2);
    expect((await agent.ok('POST', '/api/conversations/bulk', { ids, action: { type: 'label', add: ['billing'], remove: ['old'] } })).updated).toBe(2);
    expect((await agent.ok('POST', '/api/conversations/bulk', { ids, action: { type: 'reopen' } })).updated).toBe(2);
    for (const s of await statesOf(t, ids)) expect(s).toMatchObject({ status: 'open', assigneeId: agentId, labels: ['keep', 'billing'] });
    // Asking again changes nothing, and says so.
    expect(await agent.ok('POST', '/api/conversations/bulk', { ids, action: { type: 'reopen' } })).toEqual({ updated: 0, ids: [], previous: [] });
  });

  it('acts on every conversation matching the filter, loaded in the list or not', async () => {
    const billing = await seed(t, 120, { labels: ['billing'] });
    const other = await seed(t, 5);
    const body = await agent.ok('POST', '/api/conversations/bulk', { filter: { status: 'open', label: 'billing' }, action: { type: 'resolve' } });
    expect(body.updated).toBe(120);
    expect((await statesOf(t, billing)).every((s) => s.status === 'resolved')).toBe(true);
    expect((await statesOf(t, other)).every((s) => s.status === 'open')).toBe(true);
    // assignee=me means the caller, as in the list.
    await t.services.database.db
      .update(conversations)
      .set({ assigneeId: agentId })
      .where(inArray(conversations.id, other.slice(0, 2)));
    const mine = await agent.ok('POST', '/api/conversations/bulk', { filter: { assignee: 'me' }, action: { type: 'label', add: ['mine'] } });
    expect([...mine.ids].sort()).toEqual(other.slice(0, 2).sort());
  });

  it('refuses bad input with 422 and changes nothing', async () => {
    const ids = await seed(t, 2);
    const before = await statesOf(t, ids);
    const cases = [
      { ids, action: { type: 'explode' } },
      { ids, filter: { status: 'open' }, action: { type: 'resolve' } },
      { action: { type: 'resolve' } },
      { ids: [...ids, '00000000-0000-4000-8000-000000000000'], action: { type: 'resolve' } },
      { ids, action: { type: 'assign', userId: '00000000-0000-4000-8000-000000000000' } },
      { ids, action: { type: 'label' } },
      { ids, action: { type: 'snooze', until: new Date(now().getTime() - 60_000).toISOString() } },
      { ids: ['not-a-uuid'], action: { type: 'resolve' } },
    ];
    for (const body of cases) {
      const r = await agent.call('POST', '/api/conversations/bulk', body);
      expect(r.status, JSON.stringify(body)).toBe(422);
    }
    expect(await statesOf(t, ids)).toEqual(before);
  });

  it('refuses more than 5,000 conversations, and marketers altogether', async () => {
    await t.services.database.db.execute(sql`insert into contacts (name) select 'bulk ' || g from generate_series(1, 5001) g`);
    await t.services.database.db.execute(sql`insert into conversations (contact_id, token) select id, md5(id::text) from contacts`);
    const r = await agent.call('POST', '/api/conversations/bulk', { filter: { status: 'open' }, action: { type: 'resolve' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('too_many');
    const [{ n }] = (await t.services.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(eq(conversations.status, 'open'))) as [{ n: number }];
    expect(n).toBe(5001);
    const marketer = await admin.user(['marketer']);
    expect((await marketer.call('POST', '/api/conversations/bulk', { ids: ['00000000-0000-4000-8000-000000000000'], action: { type: 'resolve' } })).status).toBe(403);
  });
});

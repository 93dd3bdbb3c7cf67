// Reports on a small hand-made dataset whose medians, percentiles and buckets are known in advance.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, conversations, messages, teams, users } from '../../server/db/schema/index.ts';
import { seedContacts } from '../campaigns/seed-contacts.ts';
import { insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

const range = 'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z';
const plus = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000);

describe('reports', () => {
  let t: TestApp;
  let admin: Client;
  let ids: { ayse: string; bora: string; team: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    const db = t.services.database.db;
    const [ayse, bora] = await db
      .insert(users)
      .values([
        { email: 'ayse@example.com', name: 'Ayşe', passwordHash: 'x', roles: ['agent'] },
        { email: 'bora@example.com', name: 'Bora', passwordHash: 'x', roles: ['agent'] },
      ])
      .returning();
    const [team] = await db.insert(teams).values({ name: 'Support' }).returning();
    ids = { ayse: ayse!.id, bora: bora!.id, team: team!.id };
    const sms = await insertChannel(t.services.database, 'sms');
    const email = await insertChannel(t.services.database, 'email');
    const [c1, c2] = await seedContacts(t.services.database, 2, () => ({}));
    await db
      .update(contacts)
      .set({
        attributes: {
          satisfaction: [
            { score: 9, kind: 'nps', at: '2026-03-02T10:00:00Z' },
            { score: 4, kind: 'csat', at: '2026-03-02T10:00:00Z' },
          ],
        },
      })
      .where(sql`${contacts.id} = ${c1}`);
    await db
      .update(contacts)
      .set({
        attributes: {
          satisfaction: [
            { score: 10, kind: 'nps', at: '2026-03-03T10:00:00Z' },
            { score: 3, kind: 'nps', at: '2026-03-04T10:00:00Z' },
            { score: 5, kind: 'csat', at: '2026-03-04T10:00:00Z' },
            { score: 0, kind: 'nps', at: '2026-01-01T10:00:00Z' },
          ],
        },
      })
      .where(sql`${contacts.id} = ${c2}`);

    const conv = (created: string, o: { fr?: number; res?: number; assignee?: string; resolver?: string; team?: string; labels?: string[] }) => ({
      contactId: c1!,
      channelId: sms.id,
      token: `tok-${created}`,
      createdAt: new Date(created),
      lastActivityAt: new Date(created),
      firstResponseAt: o.fr === undefined ? null : plus(created, o.fr),
      resolvedAt: o.res === undefined ? null : plus(created, o.res),
      status: o.res === undefined ? ('open' as const) : ('resolved' as const),
      assigneeId: o.assignee ?? null,
      resolvedById: o.resolver ?? null,
      teamId: o.team ?? null,
      labels: o.labels ?? [],
    });
    const convs = await db
      .insert(conversations)
      .values([
        conv('2026-03-02T10:00:00Z', { fr: 60, res: 3600, assignee: ids.ayse, resolver: ids.ayse, team: ids.team }),
        // Assigned to Ayşe, but Bora answered first and resolved it: the per-agent figures credit Bora.
        conv('2026-03-02T12:00:00Z', { fr: 120, res: 7200, assignee: ids.ayse, resolver: ids.bora, team: ids.team }),
        conv('2026-03-03T09:00:00Z', { fr: 300, assignee: ids.bora, labels: ['complaint'] }),
        conv('2026-03-03T10:00:00Z', { res: 600, labels: ['complaint', 'vip'] }), // resolved by automation: nobody's
        conv('2026-02-20T10:00:00Z', { fr: 10_000, res: 20_000, assignee: ids.bora, resolver: ids.bora }), // before the range
      ])
      .returning();
    const inbound = (channelId: string, at: string) => ({
      conversationId: convs[0]!.id,
      contactId: c1!,
      channelId,
      direction: 'in' as const,
      senderType: 'contact' as const,
      text: 'hi',
      status: 'received' as const,
      createdAt: new Date(at),
      sentAt: new Date(at),
    });
    const reply = (conversation: number, by: string, at: Date, o: { private?: boolean } = {}) => ({
      ...inbound(sms.id, at.toISOString()),
      conversationId: convs[conversation]!.id,
      direction: 'out' as const,
      senderType: 'user' as const,
      senderUserId: by,
      status: 'sent' as const,
      private: o.private ?? false,
    });
    await db.insert(messages).values([
      inbound(sms.id, '2026-03-02T10:00:00Z'),
      inbound(sms.id, '2026-03-02T22:30:00Z'), // 01:30 on 3 March in Istanbul
      inbound(sms.id, '2026-03-03T08:00:00Z'),
      inbound(email.id, '2026-03-02T11:00:00Z'),
      inbound(email.id, '2026-03-04T09:00:00Z'),
      inbound(sms.id, '2026-02-27T09:00:00Z'), // before the range
      reply(0, ids.ayse, plus('2026-03-02T10:00:00Z', 60)),
      reply(1, ids.bora, plus('2026-03-02T12:00:00Z', 120)),
      reply(1, ids.ayse, plus('2026-03-02T12:00:00Z', 900)),
      reply(2, ids.bora, plus('2026-03-03T09:00:00Z', 100), { private: true }), // a note is not a response
      reply(2, ids.ayse, plus('2026-03-03T09:00:00Z', 300)),
      reply(4, ids.bora, plus('2026-02-20T10:00:00Z', 10_000)),
      // Automated sends: two campaign messages (a third was cancelled before it went out) and one service acknowledgement.
      ...(['sent', 'queued', 'cancelled'] as const).map((status) => ({
        ...reply(3, ids.ayse, new Date('2026-03-03T12:00:00Z')),
        senderType: 'automation' as const,
        senderUserId: null,
        purpose: 'marketing' as const,
        status,
      })),
      { ...reply(3, ids.ayse, new Date('2026-03-03T12:00:00Z')), senderType: 'automation' as const, senderUserId: null, purpose: 'service' as const },
    ]);
  });
  afterAll(async () => t.close());

  it('summarises volume, response and resolution times, satisfaction and complaints for a range', async () => {
    const o = await admin.ok('GET', `/api/reports/overview?${range}`);
    expect(o.volumeByChannel).toEqual({ email: 2, sms: 3 });
    expect(o.outboundByPurpose).toEqual({ agent: 4, service: 1, marketing: 2 });
    // First responses 60, 120, 300 s; resolutions 600, 3600, 7200 s (percentile_cont interpolates).
    expect(o.firstResponse).toEqual({ medianSec: 120, p90Sec: 264 });
    expect(o.resolution).toEqual({ medianSec: 3600, p90Sec: 6480 });
    expect(o.csat).toEqual({ avg: 4.5, count: 2 });
    expect(o.nps).toEqual({ score: 33, count: 3 }); // 9, 10, 3: two promoters, one detractor
    expect(o.complaints).toBe(2);
    expect(o.slaBreaches).toBe(0);
    expect(o.perTeam).toEqual([{ id: ids.team, name: 'Support', conversations: 2, medianFirstResponseSec: 90, resolved: 2 }]);
  });

  it('credits each agent with the replies they sent, the first responses they gave and the conversations they resolved', async () => {
    const o = await admin.ok('GET', `/api/reports/overview?${range}`);
    expect(o.perAgent).toEqual([
      // First replies after 60 s and 300 s (percentile_cont: p90 = 60 + 0.9 × 240).
      { id: ids.ayse, name: 'Ayşe', repliesSent: 3, firstResponses: 2, firstResponse: { medianSec: 180, p90Sec: 276 }, resolved: 1 },
      { id: ids.bora, name: 'Bora', repliesSent: 1, firstResponses: 1, firstResponse: { medianSec: 120, p90Sec: 120 }, resolved: 1 },
    ]);
  });

  it('buckets a time series by day and week in the workspace time zone, empty days included', async () => {
    // 2 March 00:00 to 6 March 00:00 in Istanbul (UTC+3).
    const local = 'from=2026-03-01T21:00:00Z&to=2026-03-05T21:00:00Z';
    const daily = await admin.ok('GET', `/api/reports/timeseries?metric=volume&interval=day&${local}`);
    expect(daily.points).toEqual([
      { at: '2026-03-01T21:00:00.000Z', channel: 'email', value: 1 },
      { at: '2026-03-01T21:00:00.000Z', channel: 'sms', value: 1 },
      { at: '2026-03-02T21:00:00.000Z', channel: 'email', value: 0 },
      { at: '2026-03-02T21:00:00.000Z', channel: 'sms', value: 2 },
      { at: '2026-03-03T21:00:00.000Z', channel: 'email', value: 1 },
      { at: '2026-03-03T21:00:00.000Z', channel: 'sms', value: 0 },
      { at: '2026-03-04T21:00:00.000Z', channel: 'email', value: 0 },
      { at: '2026-03-04T21:00:00.000Z', channel: 'sms', value: 0 },
    ]);
    const weekly = await admin.ok('GET', `/api/reports/timeseries?metric=volume&interval=week&${local}`);
    expect(weekly.points).toEqual([
      { at: '2026-03-01T21:00:00.000Z', channel: 'email', value: 2 },
      { at: '2026-03-01T21:00:00.000Z', channel: 'sms', value: 3 },
    ]);
    const response = await admin.ok('GET', `/api/reports/timeseries?metric=first_response&interval=day&${local}`);
    expect(response.points).toEqual([
      { at: '2026-03-01T21:00:00.000Z', value: 90, p90: 114, count: 2 },
      { at: '2026-03-02T21:00:00.000Z', value: 300, p90: 300, count: 1 },
      // No first response on these days: `count` 0 tells that 0 apart from replies sent at once.
      { at: '2026-03-03T21:00:00.000Z', value: 0, p90: 0, count: 0 },
      { at: '2026-03-04T21:00:00.000Z', value: 0, p90: 0, count: 0 },
    ]);
    const resolution = await admin.ok('GET', `/api/reports/timeseries?metric=resolution&interval=week&${local}`);
    expect(resolution.points).toEqual([{ at: '2026-03-01T21:00:00.000Z', value: 3600, p90: 6480, count: 3 }]);
  });

  it('fills a range with no traffic with one zero per day', async () => {
    const empty = await admin.ok('GET', '/api/reports/timeseries?metric=volume&interval=day&from=2026-05-31T21:00:00Z&to=2026-06-30T21:00:00Z');
    expect(empty.points).toHaveLength(30);
    expect(empty.points[0]).toEqual({ at: '2026-05-31T21:00:00.000Z', value: 0 });
    expect(empty.points[29]).toEqual({ at: '2026-06-29T21:00:00.000Z', value: 0 });
    expect(empty.points.every((p: { value: number }) => p.value === 0)).toBe(true);
  });

  it('exports the overview per channel, agent and team as CSV', async () => {
    const res = await admin.raw('GET', `/api/reports/export.csv?${range}`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('dimension,id,name,inbound_messages,conversations,replies_sent,first_responses,median_first_response_sec,p90_first_response_sec,resolved');
    expect(lines).toContain('channel,sms,sms,3,,,,,,');
    expect(lines).toContain(`agent,${ids.ayse},Ayşe,,,3,2,180,276,1`);
    expect(lines).toContain(`team,${ids.team},Support,,2,,,90,,2`);
  });

  it('is readable by agents and marketers, and rejects a backwards range', async () => {
    for (const roles of [['agent'], ['marketer']]) {
      const client = await admin.user(roles);
      expect((await client.call('GET', `/api/reports/overview?${range}`)).status).toBe(200);
    }
    const backwards = await admin.call('GET', '/api/reports/overview?from=2026-03-08T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(backwards).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', fields: [{ path: 'from' }, { path: 'to' }] } } });
    expect((await admin.call('GET', `/api/reports/timeseries?metric=bogus&${range}`)).status).toBe(422);
  });
});

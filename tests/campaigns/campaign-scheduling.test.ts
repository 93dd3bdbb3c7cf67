// Local-time scheduling, quiet-hours deferral in each contact's zone, the frequency cap, and exactly-once starts.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { rowsOf } from '../../server/db/client.ts';
import { campaignRecipients, messages } from '../../server/db/schema/index.ts';
import { conversationForContact } from '../../server/conversations/conversation-for-contact.ts';
import { createReply } from '../../server/outbound/create-reply.ts';
import { sendMarketingBatch } from '../../server/outbound/marketing-lane.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';

describe('campaign scheduling and guards', () => {
  let t: TestApp;
  let marketer: Client;
  let clock = new Date('2026-07-01T05:00:00Z');
  const at = (iso: string) => (clock = new Date(iso));
  let sms: { id: string };
  let templateId: string;
  let serial = 0;

  const smsChannel = recordingDriver('sms');

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { sms: smsChannel.driver } });
    marketer = await (await Client.admin(t.app)).user(['marketer']);
    sms = await insertChannel(t.services.database, 'sms');
    templateId = (await marketer.ok('POST', '/api/templates', { name: 'Hello', fallbackLanguage: 'en', languages: { en: { body: 'Hello {{contact.firstName}}' } } })).id;
  });
  afterAll(async () => t.close());

  /** Contacts labelled for one test only, so tests do not see each other's audience. */
  async function audience(zones: Array<string | null>) {
    const label = `t${++serial}`;
    const ids = await seedContacts(t.services.database, zones.length, (i) => ({ name: `P${i}`, labels: [label], timeZone: zones[i] }), `+905330${serial}`);
    return { label, ids };
  }
  async function campaignFor(label: string, schedule: object) {
    const c = await marketer.ok('POST', '/api/campaigns', {
      name: label,
      conditions: { op: 'has_label', value: label },
      templateId,
      channelPolicy: { channelIds: [sms.id] },
      schedule,
      throttlePerSecond: 50,
    });
    await marketer.ok('POST', `/api/campaigns/${c.id}/start`);
    return c.id as string;
  }
  async function recipients(campaignId: string) {
    const rows = await t.services.database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
    return new Map(rows.map((r) => [r.contactId, r]));
  }
  /** One tick of the campaign timer, then the marketing lane sends what it queued, then the next timer tick sees that. */
  const tick = async (iso: string) => {
    at(iso);
    const report = await runCampaignTick(t.services);
    while ((await sendMarketingBatch(t.services.send)).claimed);
    await runCampaignTick(t.services);
    return report;
  };

  it("sends at 10:00 in each contact's own zone, at once where that time has passed, and in the workspace zone otherwise", async () => {
    at('2026-07-01T05:00:00Z');
    const {
      label,
      ids: [ny, tokyo, unknown],
    } = await audience(['America/New_York', 'Asia/Tokyo', null]);
    const id = await campaignFor(label, { mode: 'local_time', date: '2026-07-01', time: '10:00' });
    const due = await recipients(id);
    expect(due.get(ny!)!.dueAt.toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(due.get(tokyo!)!.dueAt.toISOString()).toBe('2026-07-01T05:00:00.000Z'); // 10:00 Tokyo was 01:00Z
    expect(due.get(unknown!)!.dueAt.toISOString()).toBe('2026-07-01T07:00:00.000Z'); // Europe/Istanbul
    expect((await marketer.ok('GET', `/api/campaigns/${id}`)).status).toBe('scheduled');

    expect((await tick('2026-07-01T05:00:02Z'))[id]).toMatchObject({ sent: 1 });
    expect((await marketer.ok('GET', `/api/campaigns/${id}`)).status).toBe('running');
    expect((await tick('2026-07-01T06:59:00Z'))[id]?.sent ?? 0).toBe(0);
    expect((await tick('2026-07-01T07:00:01Z'))[id]).toMatchObject({ sent: 1 });
    expect((await tick('2026-07-01T14:00:01Z'))[id]).toMatchObject({ sent: 1 });
    const stats = await marketer.ok('GET', `/api/campaigns/${id}/stats`);
    expect(stats).toMatchObject({ status: 'completed', total: 3, sent: 3 });
  });

  it("defers a send that falls in quiet hours to their end in the contact's zone, and sends it then", async () => {
    at('2026-07-02T19:00:00Z'); // 22:00 in Istanbul (quiet), 20:00 in London (not)
    const {
      label,
      ids: [istanbul, london],
    } = await audience(['Europe/Istanbul', 'Europe/London']);
    const id = await campaignFor(label, { mode: 'now' });
    expect((await tick('2026-07-02T19:00:01Z'))[id]).toMatchObject({ sent: 1, deferred: 1 });
    const after = await recipients(id);
    expect(after.get(london!)!.status).toBe('sent');
    expect(after.get(istanbul!)).toMatchObject({ status: 'deferred', reason: 'quiet-hours' });
    expect(after.get(istanbul!)!.dueAt.toISOString()).toBe('2026-07-03T06:00:00.000Z'); // 09:00 Istanbul
    expect(await marketer.ok('GET', `/api/campaigns/${id}/stats`)).toMatchObject({ status: 'sending', deferred: 1, sent: 1 });

    expect((await tick('2026-07-03T05:59:00Z'))[id]?.sent ?? 0).toBe(0);
    expect((await tick('2026-07-03T06:00:01Z'))[id]).toMatchObject({ sent: 1 });
    expect(await marketer.ok('GET', `/api/campaigns/${id}/stats`)).toMatchObject({ status: 'completed', total: 2, sent: 2, deferred: 0 });
  });

  it('skips contacts over the frequency cap and counts who replied or opted out afterwards', async () => {
    at('2026-07-04T10:00:00Z');
    const {
      label,
      ids: [busy, replier, quitter],
    } = await audience(['Europe/Istanbul', 'Europe/Istanbul', 'Europe/Istanbul']);
    // Three workflow promotions this week reach the cap shared by workflows and campaigns...
    const conv = await conversationForContact(t.services, { contactId: busy!, channelId: sms.id });
    for (let i = 0; i < 3; i++) {
      await createReply(t.services, { conversationId: conv.id, text: `promo ${i}`, senderType: 'automation', causedByAutomation: true, purpose: 'marketing', idempotencyKey: `older-${i}` });
    }
    // ...while service messages (complaint acknowledgements) never count toward it.
    const served = await conversationForContact(t.services, { contactId: replier!, channelId: sms.id });
    for (let i = 0; i < 3; i++) {
      await createReply(t.services, { conversationId: served.id, text: `we are on it ${i}`, senderType: 'automation', causedByAutomation: true, purpose: 'service', idempotencyKey: `service-${i}` });
    }
    const id = await campaignFor(label, { mode: 'now' });
    expect((await tick('2026-07-04T10:00:01Z'))[id]).toMatchObject({ sent: 2, skipped: 1 });

    // The replier writes back, the quitter opts out, both after the campaign message.
    at('2026-07-04T11:00:00Z');
    const sent = await recipients(id);
    const db = t.services.database.db;
    await db.execute(sql`insert into messages (conversation_id, contact_id, channel_id, direction, sender_type, text, status, sent_at)
      select conversation_id, contact_id, channel_id, 'in', 'contact', 'thanks!', 'received', ${'2026-07-04T11:00:00Z'}::timestamptz from messages where id = ${sent.get(replier!)!.messageId}`);
    await db.execute(sql`insert into consents (contact_id, channel, status, source, at) values (${quitter}, 'sms', 'opted_out', 'sms STOP', ${'2026-07-04T11:00:00Z'}::timestamptz)`);
    const stats = await marketer.ok('GET', `/api/campaigns/${id}/stats`);
    expect(stats).toMatchObject({ total: 3, sent: 2, skipped: 1, replied: 1, optedOut: 1, skippedByReason: { capped: 1 } });
  });

  it('fixes its audience once: a second start is refused and no contact gets two messages', async () => {
    at('2026-07-05T10:00:00Z');
    const { label } = await audience(['Europe/Istanbul', 'Europe/Istanbul']);
    const id = await campaignFor(label, { mode: 'now' });
    expect((await marketer.call('POST', `/api/campaigns/${id}/start`)).status).toBe(409);
    const [first, second] = await Promise.all([tick('2026-07-05T10:00:01Z'), runCampaignTick(t.services)]);
    expect((first[id]?.sent ?? 0) + (second[id]?.sent ?? 0)).toBe(2);
    const [row] = rowsOf<{ n: string }>(await t.services.database.db.execute(sql`select count(*) as n from messages where idempotency_key like ${`campaign:${id}:%`}`));
    expect(Number(row!.n)).toBe(2);
    expect((await marketer.call('POST', `/api/campaigns/${id}/resume`)).status).toBe(409);
  });
  it('sends nothing after a cancel and reports the rest as cancelled; an empty scheduled campaign completes', async () => {
    at('2026-07-06T10:00:00Z');
    const { label } = await audience(['Europe/Istanbul', 'Europe/Istanbul']);
    const id = await campaignFor(label, { mode: 'at', at: '2026-07-06T12:00:00Z' });
    await marketer.ok('POST', `/api/campaigns/${id}/cancel`);
    expect((await tick('2026-07-06T12:00:01Z'))[id]).toBeUndefined();
    expect(await marketer.ok('GET', `/api/campaigns/${id}/stats`)).toMatchObject({ status: 'cancelled', total: 2, sent: 0, skipped: 0, cancelled: 2, skippedByReason: {} });

    const empty = await campaignFor('nobody-has-this-label', { mode: 'at', at: '2026-07-07T12:00:00Z' });
    await tick('2026-07-06T12:00:05Z');
    expect(await marketer.ok('GET', `/api/campaigns/${empty}/stats`)).toMatchObject({ status: 'completed', total: 0 });
  });

  it("sends at each contact's most responsive local hour, learned from when they wrote, and at the fallback time without history", async () => {
    at('2026-07-01T05:00:00Z');
    const {
      label,
      ids: [istanbul, newYork, quiet],
    } = await audience(['Europe/Istanbul', 'America/New_York', null]);
    /** Inbound messages at these UTC times: what the customer wrote, as the inbox stored it. */
    const wrote = async (contactId: string, times: string[]) => {
      const conv = await conversationForContact(t.services, { contactId, channelId: sms.id });
      for (const sentAt of times) {
        await t.services.database.db
          .insert(messages)
          .values({ conversationId: conv.id, contactId, channelId: sms.id, direction: 'in', senderType: 'contact', text: 'hi', status: 'received', sentAt: new Date(sentAt) });
      }
    };
    // 14:00 in Istanbul (11Z) four times, once at 09:00 local.
    await wrote(istanbul!, ['2026-06-01T11:05:00Z', '2026-06-03T11:40:00Z', '2026-06-09T11:10:00Z', '2026-06-20T11:59:00Z', '2026-06-21T06:00:00Z']);
    // 18:00 in New York in summer (22Z) three times.
    await wrote(newYork!, ['2026-06-02T22:15:00Z', '2026-06-12T22:30:00Z', '2026-06-22T22:45:00Z']);
    // Two messages are not a habit: the fallback time applies.
    await wrote(quiet!, ['2026-06-02T03:00:00Z', '2026-06-03T03:00:00Z']);
    const id = await campaignFor(label, { mode: 'best_hour', date: '2026-07-02', fallbackTime: '10:00' });
    const due = await recipients(id);
    expect(due.get(istanbul!)!.dueAt.toISOString()).toBe('2026-07-02T11:00:00.000Z');
    expect(due.get(newYork!)!.dueAt.toISOString()).toBe('2026-07-02T22:00:00.000Z');
    expect(due.get(quiet!)!.dueAt.toISOString()).toBe('2026-07-02T07:00:00.000Z'); // 10:00 in the workspace zone
    const bad = await marketer.call('POST', '/api/campaigns', {
      name: 'x',
      conditions: { op: 'has_label', value: label },
      templateId,
      channelPolicy: { channelIds: [sms.id] },
      schedule: { mode: 'best_hour', date: '2026-07-02' },
    });
    expect(bad.status).toBe(422);
  });
});
